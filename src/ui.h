/*
 * The screen, seen from outside: no curses types here, so commands and
 * main can drive it. ui.c owns the terminal.
 */
#ifndef UI_H
#define UI_H
#include <stddef.h>
#include <stdint.h>

struct cmdq;

enum ui_pane { UI_PANE_CONNS, UI_PANE_SUBS, UI_PANE_MSGS, UI_NPANES };

#define UI_DIRTY_CONNS	0x1
#define UI_DIRTY_SUBS	0x2
#define UI_DIRTY_MSGS	0x4
#define UI_DIRTY_STATUS	0x8
#define UI_DIRTY_ALL	0xff

/* What an action (mode ACTION) leaves of its window. */
#define UI_MODAL_KEEP	0
#define UI_MODAL_CLOSE	1

/*
 * A window's action, run by "mode ACTION" from its key table. It gets the
 * window's data and may set *run to a command line (heap) that runs once
 * the window is closed (the prompt's line, the question's command).
 */
struct ui_action {
	const char	*name;
	int		(*fn)(void *, char **);
};

/*
 * A layer over the panes: help, detail, form, composer, ... It gets the
 * screen but the status line, which stays in sight under every layer.
 * A key goes to its mode's key table (key-bindings.c) first; a key the
 * table does not bind goes to key, which only edits.
 */
struct ui_modal {
	/* Its key table: "form", "composer", "pager", ... */
	const char	*mode;
	/* Draw into its area, rows x cols (ui_modal_area); gets data. */
	void		(*draw)(void *, int, int);
	/*
	 * An editing key (keys.h), or NULL when it has none; gets data.
	 * Return 0 to keep, 1 to close.
	 */
	int		(*key)(void *, int);
	void		(*free)(void *);
	void		*data;
	/* Its actions (NULL-terminated), which get data ... */
	const struct ui_action *actions;
	/* ... and more of an owner's (a pager's), which get more_data. */
	const struct ui_action *more;
	void		*more_data;
	/* Where the cursor goes (-1: hidden): draw calls ui_modal_cursor. */
	int		 cy, cx;
	/* It draws over the whole screen: nothing beneath is drawn. */
	int		 full;
	/* A prompt: it takes the status line's row while it is open. */
	int		 prompt;
	/*
	 * Rows it takes at the foot of the message pane, which shrinks above
	 * it (the composer: what it sends shows above it); 0 for a layer.
	 */
	int		 panel;
	/*
	 * Percent of the width it takes at the left, over the connections
	 * and subscriptions; the message pane stays beside it (the tree).
	 */
	int		 side;
};

int	ui_start(char **);
void	ui_stop(void);
int	ui_active(void);
void	ui_dirty(int);
/* A line for the status bar; error lines show in the error colour. */
void	ui_status(int, const char *, ...) __attribute__((format(printf, 2, 3)));
/*
 * Queue a command line as if typed at the ':' prompt. Several lines of
 * output open in a pager; one goes on the status line.
 */
void	ui_run(const char *);
/* The same, then fn(arg, ok) once every command of it has answered. */
void	ui_run_then(const char *, void (*)(void *, int), void *);
/* Send bytes to the terminal's clipboard (OSC 52) after the next frame. */
void	ui_clipboard(const void *, size_t);
/* The message view goes back to following the newest message. */
void	ui_follow_newest(void);
/*
 * Expand {conn} {sub} {msg} {node} (the tree's node/#) in a binding's
 * command, quoted. Heap.
 */
char	*ui_expand(const char *);

/* Modals: the UI owns the struct after push (freed with ->free(data)). */
void	ui_modal_push(struct ui_modal *);
void	ui_modal_close(void);
/* Close this one wherever it is in the stack. */
void	ui_modal_remove(struct ui_modal *);
void	ui_modal_cursor(int, int);
/* Where the modal being drawn draws: its panel, or the screen. */
void	ui_modal_area(int *, int *, int *, int *);
/*
 * Run an action of the window on top (mode ACTION): 0, or -1 with *err
 * (heap) when no window is open or it has no such action.
 */
int	ui_modal_action(const char *, char **);

/* Selection and navigation for the UI commands. */
void	ui_pane_focus(int);		/* an enum ui_pane */
void	ui_pane_move(int);		/* +1 next, -1 previous */
void	ui_cursor(int);			/* delta rows; INT_MAX/INT_MIN ends */
void	ui_page(int);			/* +1 page down, -1 page up */
void	ui_open(void);			/* Enter on the current pane */
/* Select a profile's or connection's row by name; 0, or -1 if none. */
int	ui_select_name(const char *);
const char *ui_selected_sub(void);
/* A stored message shown in the message view; 0, or -1 (no such row). */
int	ui_goto_msg(const char *, int64_t);	/* topic filter or NULL (all) */
void	ui_filter(const char *);	/* message view text filter */
void	ui_filter_open(void);		/* type it, the view following */
/* Select the next row with text (dir 0, 1, -1: see panel_find). */
int	ui_find(const char *, int);
void	ui_find_open(void);		/* type to find in the pane */
void	ui_quit(int);			/* confirm when connections are live */
#endif
