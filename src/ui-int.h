/*
 * The screen's own state, shared by ui.c (commands, selection),
 * ui-modal.c (the windows over the panes), ui-frame.c (layout, drawing,
 * pacing) and ui-input.c (keys, mouse). Only these files include it.
 */
#ifndef UI_INT_H
#define UI_INT_H
#include <stdint.h>

#include "draw.h"
#include "ui.h"

struct conn;
struct loop_fd;
struct loop_timer;

#define UI_FRAME_MS		33
#define UI_BYTES_PER_SEC	20000
#define UI_BYTES_BURST		6000
#define UI_MAX_MODALS		8

struct ui_state {
	int			 active;
	struct loop_fd		*in;
	struct loop_timer	*frame;
	struct loop_timer	*tick;
	int			 dirty;
	int			 urgent;	/* a key: draw it now */
	int64_t			 last_draw;
	int64_t			 credit;	/* terminal bytes we may write */
	int64_t			 credit_at;	/* when credit was topped up */
	int64_t			 frame_cost;	/* the last paced frame's bytes */
	int			 iofd;		/* /proc/thread-self/io or -1 */
	enum ui_pane		 pane;
	char			*conn;		/* selected connection name */
	char			*status;
	int			 status_err;
	int			 status_keep;	/* an error, kept till a key */
	int			 status_history; /* it says history waits */
	struct ui_modal		*modals[UI_MAX_MODALS];
	struct ui_modal		*drawing;
	struct conn		*focus_seen;	/* conn_focus at the last look */
	int			 nmodals;
	struct rect		 r[UI_NPANES];
	struct rect		 r_status;
	struct rect		 r_panel;	/* a panel modal's, or h 0 */
	struct rect		 r_side;	/* a side modal's, or w 0 */
	char			*clip;		/* OSC 52 to write, or NULL */
	size_t			 cliplen;
};

extern struct ui_state	ui;

/* ui.c */
int	ui_count(enum ui_pane);
void	ui_status_key(void);
struct panel *ui_panel(int);
void	ui_panels_update(int);
void	ui_moved(void);
void	ui_mark_read(void);
void	ui_follow_focus(void);
void	ui_follow_conn(void);
void	ui_select_conn(void);
void	ui_select_sub(void);

/* ui-frame.c */
void	ui_frame(void);
void	ui_frame_due(void *);
void	ui_tick(void *);
void	ui_after_turn(void *);
void	ui_layout(void);
int	ui_status_room(void);

/* ui-input.c */
void	ui_input(int, short, void *);
#endif
