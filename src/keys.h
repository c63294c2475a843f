/* Keys as numbers and names ("C-a", "Tab", "Up", "M-x", "q"); no curses. */
#ifndef KEYS_H
#define KEYS_H

/* Unicode code points are themselves; special keys live above them. */
enum {
	KEYC_NONE = -1,
	KEYC_BASE = 0x110000,
	KEYC_UP, KEYC_DOWN, KEYC_LEFT, KEYC_RIGHT,
	KEYC_HOME, KEYC_END, KEYC_PPAGE, KEYC_NPAGE,
	KEYC_IC, KEYC_DC, KEYC_BTAB, KEYC_BSPACE, KEYC_ENTER, KEYC_ESC,
	KEYC_TAB, KEYC_SPACE,
	KEYC_F1, KEYC_F2, KEYC_F3, KEYC_F4, KEYC_F5, KEYC_F6,
	KEYC_F7, KEYC_F8, KEYC_F9, KEYC_F10, KEYC_F11, KEYC_F12,
	KEYC_MOUSE, KEYC_RESIZE,
};
#define KEYC_META	0x1000000	/* M- prefix, ORed in */
#define KEYC_CTRL(c)	((c) & 0x1f)	/* C-a is 1 ... C-z is 26 */

/* The name of a key into buf (at least 32 bytes); returns buf. */
char	*keys_name(int, char *);
/* The key a name stands for, or KEYC_NONE. Accepts C-x, ^X, M-x, names. */
int	 keys_parse(const char *);
#endif
