/* Split a command line into commands and words: quotes, \, and ';'. */
#ifndef CMD_PARSE_H
#define CMD_PARSE_H

struct buf;

struct cmd_words {
	int	  argc;
	char	**argv;		/* NULL-terminated */
};

struct cmd_lines {
	int			 n;
	struct cmd_words	*v;
};

/* 0, or -1 with *err ("unterminated quote", ...). */
int	cmd_parse(const char *, struct cmd_lines *, char **);
void	cmd_lines_free(struct cmd_lines *);
/* Quote a word so cmd_parse gives it back unchanged. */
char	*cmd_quote(const char *);
/* A copy cut to max characters, "…" after it when it was longer. */
char	*cmd_shorten(const char *, size_t);
/* Append a quoted word to a command line being built (space-separated). */
void	 cmd_quote_append(struct buf *, const char *);
#endif
