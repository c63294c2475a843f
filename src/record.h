/* Listens to events and keeps the store's history. */
#ifndef RECORD_H
#define RECORD_H
#include "loop.h"

void	record_init(void);
#endif
