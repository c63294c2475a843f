#include <stdlib.h>
#include <string.h>

#include "key-bindings.h"
#include "keys.h"
#include "unit.h"

static const char *modes[] = {
	"main", "form", "subscribe", "composer", "prompt", "confirm", "find",
	"pager", "results", "detail", "plot", "demo", "tree", NULL
};

static const char *
find(const char *mode, const char *key)
{
	return key_bindings_find(mode, keys_parse(key));
}

/* Every mode has a table, and a way to list it from inside. */
static void
test_modes(void)
{
	int	i;

	for (i = 0; modes[i] != NULL; i++) {
		CHECK(key_bindings_mode(modes[i]));
		CHECK(key_bindings_get(modes[i], 0) != NULL);
		CHECK(strstr(key_bindings_modes(), modes[i]) != NULL);
		if (strcmp(modes[i], "main") != 0)
			CHECK(key_bindings_editing(modes[i]) != NULL);
	}
	CHECK(!key_bindings_mode("nosuch"));
	CHECK(!key_bindings_mode(NULL));
	CHECK_STR(key_bindings_modes(), "main, form, subscribe, composer, "
	    "prompt, confirm, find, pager, results, detail, plot, demo, tree");
	CHECK_STR(key_bindings_parent("detail"), "pager");
	CHECK_STR(key_bindings_parent("demo"), "main");
	CHECK_STR(key_bindings_parent("pager"), NULL);
	CHECK_STR(key_bindings_what("composer"), "the composer");
	CHECK_INT(key_bindings_set("nosuch", 'a', "redraw", NULL), -1);
	CHECK_STR(find("nosuch", "a"), NULL);

	/* F1 in text-entry modes, ? where ? is not text. */
	CHECK_STR(find("form", "F1"), "keys form");
	CHECK_STR(find("subscribe", "F1"), "keys subscribe");
	CHECK_STR(find("composer", "F1"), "keys composer");
	CHECK_STR(find("prompt", "F1"), "keys prompt");
	CHECK_STR(find("find", "F1"), "keys find");
	CHECK_STR(find("form", "?"), NULL);
	CHECK_STR(find("composer", "?"), NULL);
	CHECK_STR(find("pager", "?"), "keys pager");
	CHECK_STR(find("confirm", "?"), "keys confirm");
	CHECK_STR(find("detail", "?"), "keys detail");
	CHECK_STR(find("plot", "1"), "mode window-1m");
	CHECK_STR(find("plot", "0"), "mode window-all");
	CHECK_STR(find("main", "P"), "plot -t {conn} -m {msg}");
	CHECK_STR(find("tree", "?"), "keys tree");
	/* The tree's own keys, and R for the retained under a node. */
	CHECK_STR(find("main", "t"), "tree -t {conn}");
	CHECK_STR(find("tree", "Enter"), "mode open");
	CHECK_STR(find("tree", "Right"), "mode expand");
	CHECK_STR(find("tree", "Left"), "mode collapse");
	CHECK_STR(find("tree", "*"), "mode expand-all");
	CHECK_STR(find("tree", "E"), "mode expand-all");
	CHECK_STR(find("tree", "f"), "mode find");
	CHECK_STR(find("tree", "R"), "clear-retained -t {conn} {node}");
	CHECK_STR(find("tree", "q"), "mode close");
	CHECK_STR(find("tree", "Escape"), "mode close");
}

/* The keys each window had in its switch are the defaults. */
static void
test_defaults(void)
{
	CHECK_STR(find("main", "q"), "quit --confirm");
	CHECK_STR(find("main", "Escape"), NULL);
	CHECK_STR(find("main", "U"), "unsubscribe --confirm -t {conn} {sub}");

	CHECK_STR(find("form", "Escape"), "mode cancel");
	CHECK_STR(find("form", "C-s"), "mode save");
	CHECK_STR(find("form", "C-o"), "mode save-connect");
	CHECK_STR(find("form", "Enter"), "mode activate");
	CHECK_STR(find("form", "Tab"), "mode next");
	CHECK_STR(find("form", "Down"), "mode next");
	CHECK_STR(find("form", "BTab"), "mode prev");
	CHECK_STR(find("form", "Up"), "mode prev");
	CHECK_STR(find("form", "NPage"), "mode section-next");
	CHECK_STR(find("form", "PPage"), "mode section-prev");
	CHECK_STR(find("form", "C-g"), "mode client-id");
	CHECK_STR(find("form", "C-p"), "mode show-password");
	/* Editing keys are not in the table. */
	CHECK_STR(find("form", "C-w"), NULL);
	CHECK_STR(find("form", "Space"), NULL);
	CHECK_STR(find("form", "Left"), NULL);
	CHECK_STR(find("form", "a"), NULL);

	CHECK_STR(find("subscribe", "Tab"), "mode complete");
	CHECK_STR(find("subscribe", "Enter"), "mode subscribe");
	CHECK_STR(find("subscribe", "C-s"), "mode subscribe");
	CHECK_STR(find("subscribe", "C-c"), "mode cancel");

	CHECK_STR(find("composer", "C-s"), "mode send");
	CHECK_STR(find("composer", "M-Enter"), "mode send");
	CHECK_STR(find("composer", "C-r"), "mode retain");
	CHECK_STR(find("composer", "C-p"), "mode history-prev");
	CHECK_STR(find("composer", "C-n"), "mode history-next");
	CHECK_STR(find("composer", "Escape"), "mode close");
	CHECK_STR(find("composer", "Enter"), NULL);
	CHECK_STR(find("composer", "Up"), NULL);
	CHECK_STR(find("composer", "C-j"), NULL);

	CHECK_STR(find("prompt", "Enter"), "mode run");
	CHECK_STR(find("prompt", "Tab"), "mode complete");
	CHECK_STR(find("prompt", "Up"), "mode history-prev");
	CHECK_STR(find("prompt", "C-c"), "mode cancel");

	CHECK_STR(find("confirm", "y"), "mode yes");
	CHECK_STR(find("confirm", "Y"), "mode yes");
	CHECK_STR(find("confirm", "q"), "mode no");
	CHECK_STR(find("confirm", "Escape"), "mode no");
	CHECK_STR(find("confirm", "x"), NULL);

	CHECK_STR(find("find", "C-n"), "mode next");
	CHECK_STR(find("find", "Up"), "mode prev");
	CHECK_STR(find("find", "Enter"), "mode done");

	CHECK_STR(find("pager", "Space"), "mode page-down");
	CHECK_STR(find("pager", "g"), "mode top");
	CHECK_STR(find("pager", "q"), "mode close");
	CHECK_STR(find("pager", "/"), "mode find");
	CHECK_STR(find("pager", "Tab"), NULL);
	CHECK_STR(find("pager", "y"), NULL);
}

/* detail has Tab and y of its own and the pager's keys beneath. */
static void
test_parent(void)
{
	CHECK_STR(find("detail", "Tab"), "mode format");
	CHECK_STR(find("detail", "y"), "mode copy");
	CHECK_STR(find("detail", "q"), "mode close");
	CHECK_STR(find("detail", "j"), "mode down");
	CHECK_INT(key_bindings_key("detail", "mode close"), KEYC_ESC);

	/* The pager's rebinding shows through; detail's own wins. */
	key_bindings_set("pager", 'x', "mode close", NULL);
	CHECK_STR(find("detail", "x"), "mode close");
	key_bindings_set("detail", 'x', "mode copy", NULL);
	CHECK_STR(find("detail", "x"), "mode copy");
	CHECK_STR(find("pager", "x"), "mode close");
	/* A key detail shadows is not the pager's key for it there. */
	key_bindings_set("pager", KEYC_ESC, NULL, NULL);
	key_bindings_set("pager", 'q', NULL, NULL);
	key_bindings_set("pager", KEYC_ENTER, NULL, NULL);
	CHECK_INT(key_bindings_key("pager", "mode close"), 'x');
	CHECK_INT(key_bindings_key("detail", "mode close"), KEYC_NONE);
}

static void
test_set(void)
{
	const struct key_binding	*kb;
	int				 i, n;

	CHECK_INT(key_bindings_set("form", KEYC_CTRL('w'), "mode save",
	    "save"), 0);
	CHECK_STR(find("form", "C-w"), "mode save");
	CHECK_STR(find("main", "C-w"), NULL);
	CHECK_INT(key_bindings_set("composer", KEYC_CTRL('j'), "mode send",
	    NULL), 0);
	CHECK_STR(find("composer", "C-j"), "mode send");

	/* Unbinding keeps the others in their order. */
	for (n = 0; key_bindings_get("form", n) != NULL; n++)
		;
	CHECK_INT(key_bindings_set("form", KEYC_TAB, NULL, NULL), 0);
	CHECK_STR(find("form", "Tab"), NULL);
	CHECK_STR(find("form", "Down"), "mode next");
	CHECK_STR(key_bindings_get("form", 0)->command, "mode next");
	CHECK_INT(key_bindings_get("form", 0)->key, KEYC_DOWN);
	CHECK_INT(key_bindings_get("form", 1)->key, KEYC_UP);
	for (i = 0; (kb = key_bindings_get("form", i)) != NULL; i++)
		;
	CHECK_INT(i, n - 1);
	/* Unbinding what is not bound is no error. */
	CHECK_INT(key_bindings_set("form", KEYC_TAB, NULL, NULL), 0);
	/* The note defaults to the command. */
	key_bindings_set("main", KEYC_F5, "compose {conn}", NULL);
	for (i = 0; (kb = key_bindings_get("main", i)) != NULL; i++) {
		if (kb->key == KEYC_F5)
			CHECK_STR(kb->note, "compose {conn}");
	}
}

/* A window's foot names the keys as they are bound. */
static void
test_hint(void)
{
	static const struct key_hint composer[] = {
		{ "mode send", "send", 0 },
		{ "mode next-field", "move", 1 },
		{ NULL, "Enter newline", 2 },
		{ "mode history-prev|mode history-next", "history", 1 },
		{ "mode close", "close", 0 },
		{ NULL, NULL, 0 }
	};
	static const struct key_hint pager[] = {
		{ "mode up|mode down|mode page-up|mode page-down", "scroll",
		    0 },
		{ "mode close", "close", 0 },
		{ "mode nosuch", "never", 0 },
		{ NULL, NULL, 0 }
	};
	static const struct key_hint form[] = {
		{ "mode prev|mode next", "move", 0 },
		{ "mode section-next|mode section-prev", "section", 0 },
		{ "mode cancel", "", 0 },
		{ NULL, NULL, 0 }
	};
	char	*s;

	s = key_bindings_hint("composer", composer, 200);
	CHECK_STR(s, "C-s send · Tab move · Enter newline · C-p/C-n history "
	    "· Esc close");
	free(s);
	s = key_bindings_hint("composer", composer, 50);
	CHECK_STR(s, "C-s send · Tab move · C-p/C-n history · Esc close");
	free(s);
	s = key_bindings_hint("composer", composer, 5);
	CHECK_STR(s, "C-s send · Esc close");
	free(s);
	s = key_bindings_hint("detail", pager, 80);
	CHECK_STR(s, "↑↓ PgUp/PgDn scroll · Esc close");
	free(s);
	s = key_bindings_hint("form", form, 80);
	CHECK_STR(s, "↑↓ move · PgDn/PgUp section · Esc");
	free(s);

	/* Rebound: the foot follows. */
	key_bindings_set("composer", KEYC_CTRL('j'), "mode send", NULL);
	key_bindings_set("composer", KEYC_CTRL('s'), NULL, NULL);
	key_bindings_set("composer", KEYC_META | KEYC_ENTER, NULL, NULL);
	s = key_bindings_hint("composer", composer, 5);
	CHECK_STR(s, "C-j send · Esc close");
	free(s);
	key_bindings_set("composer", KEYC_CTRL('j'), NULL, NULL);
	s = key_bindings_hint("composer", composer, 5);
	CHECK_STR(s, "Esc close");
	free(s);
}

int
main(void)
{
	key_bindings_init();
	test_modes();
	test_defaults();
	test_hint();
	test_parent();
	test_set();
	key_bindings_free();
	return unit_done();
}
