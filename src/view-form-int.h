/*
 * The connection form's internals, shared by view-form.c (the modal: its
 * actions and editing keys), view-form-draw.c (drawing, scrolling) and
 * view-form-fields.c (the field table, filling from a profile, checking the
 * fields and the save line they make).
 */
#ifndef VIEW_FORM_INT_H
#define VIEW_FORM_INT_H
#include "edit.h"
#include "profile.h"

struct profile;

/*
 * A row per field of the profile table (profile-fields.h), in its order;
 * a field without a form label has a hidden row. Then the two buttons.
 */
#define VIEW_FORM_NAME		PF_ID_name
#define VIEW_FORM_HOST		PF_ID_host
#define VIEW_FORM_PORT		PF_ID_port
#define VIEW_FORM_TLS		PF_ID_tls
#define VIEW_FORM_CLIENT_ID	PF_ID_client_id
#define VIEW_FORM_PASSWORD	PF_ID_password
#define VIEW_FORM_SAVE		PF_NFIELDS
#define VIEW_FORM_CONNECT	(PF_NFIELDS + 1)
#define VIEW_FORM_NFIELDS	(PF_NFIELDS + 2)

enum view_form_kind {
	VIEW_FORM_HIDDEN,
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
extern struct view_form_spec view_form_fields_specs[VIEW_FORM_NFIELDS];
/* Fill view_form_fields_specs from the field table (once). */
void		 view_form_fields_init(void);

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
/* Row i's dim note: while empty, or after a typed password; or NULL. */
const char	*view_form_fields_hint(struct view_form *, int);
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
