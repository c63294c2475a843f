/* Fatal errors and warnings. fatal() restores the terminal before printing. */
#ifndef LOG_H
#define LOG_H

void	log_set_cleanup(void (*)(void));
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
#endif
