/* Listens to events and keeps the store's history. */
#ifndef RECORD_H
#define RECORD_H

void		 record_init(void);
void		 record_free(void);
/* Why history writes are held back now, or NULL. */
const char	*record_delayed(void);
#endif
