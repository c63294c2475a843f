/*
 * The connection form's internals, shared by view-form.c (the modal: its
 * actions and editing keys), view-form-draw.c (drawing, scrolling) and
 * view-form-fields.c (the field table, filling from a profile, checking the
 * fields and the save line they make).
 */
#ifndef VIEW_FORM_INT_H
#define VIEW_FORM_INT_H
#include "edit.h"

struct profile;

enum view_form_id {
	VIEW_FORM_NAME,
	VIEW_FORM_HOST,
	VIEW_FORM_PORT,
	VIEW_FORM_TLS,
	VIEW_FORM_CLIENT_ID,
	VIEW_FORM_USERNAME,
	VIEW_FORM_PASSWORD,
	VIEW_FORM_VERSION,
	VIEW_FORM_KEEPALIVE,
	VIEW_FORM_CLEAN,
	VIEW_FORM_EXPIRY,
	VIEW_FORM_CONNECT_PROPS,
	VIEW_FORM_RECONNECT,
	VIEW_FORM_CAFILE,
	VIEW_FORM_CAPATH,
	VIEW_FORM_CERT,
	VIEW_FORM_KEY,
	VIEW_FORM_INSECURE,
	VIEW_FORM_TLS_VERSION,
	VIEW_FORM_WILL_TOPIC,
	VIEW_FORM_WILL_PAYLOAD,
	VIEW_FORM_WILL_QOS,
	VIEW_FORM_WILL_RETAIN,
	VIEW_FORM_WILL_PROPS,
	VIEW_FORM_SAVE,
	VIEW_FORM_CONNECT,
	VIEW_FORM_NFIELDS
};

enum view_form_kind {
	VIEW_FORM_TEXT,
	VIEW_FORM_TOGGLE,
	VIEW_FORM_CHOICE,
	VIEW_FORM_BUTTON,
};

enum view_form_mode {
	VIEW_FORM_NEW,
	VIEW_FORM_EDIT,
	VIEW_FORM_DUPLICATE,
};

struct view_form_spec {
	enum view_form_kind	 kind;
	const char		*label;
	const char		*section;	/* heading above the row */
	const char		*hint;		/* dim text while empty */
	const char *const	*choices;
};
extern const struct view_form_spec view_form_fields_specs[VIEW_FORM_NFIELDS];

struct view_form_field {
	struct edit	 e;		/* text fields */
	int		 sel;		/* all selected: a key replaces it */
	int		 hs;		/* first column shown */
	int		 value;		/* toggle 0/1 or choice index */
	char		*error;
};

struct view_form {
	enum view_form_mode	 mode;
	char			*orig;		/* edit: the name it had */
	char			*title;
	struct view_form_field	 f[VIEW_FORM_NFIELDS];
	int			 focus;
	int			 top;		/* first body line shown */
	int			 show_pw;
	char			*error;		/* from the final check */
	/* Saving a live connection's profile: asking to reconnect. */
	char			*ask_line;	/* the commands to run */
	char			*ask_name;
};

const char	*view_form_fields_text(struct view_form *, int);
const char	*view_form_fields_label(struct view_form *, int);
void		 view_form_fields_clear_errors(struct view_form *);
/* Check every field and fill p from them; the number of bad fields. */
int		 view_form_fields_collect(struct view_form *, struct profile *);
/* Parse a save line as the command will: 0, or -1 with *err. */
int		 view_form_fields_recheck(const char *, char **);
void		 view_form_fields_fill(struct view_form *,
		     const struct profile *);

/* view-form-draw.c: the modal's draw (gets the form). */
void		 view_form_draw(void *, int, int);
#endif
