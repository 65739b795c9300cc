#ifndef CMILEX_CLEANUP_H
#define CMILEX_CLEANUP_H

// Temporary files and folders that must not outlive an interrupted milex (SIGINT, SIGTERM,
// SIGHUP, SIGQUIT): a registry the signal handler can walk with async-signal-safe calls only
// (unlink, rmdir, signal, raise). No stable Swift API: MilexIO wraps it.

/// Installs the handlers (idempotent). Returns 0, or -1 when sigaction fails.
int milex_cleanup_install(void);

/// Registers `path` (a file when `is_directory` is 0, an empty-at-the-end folder otherwise) for
/// removal on a signal. Returns a slot id, or -1 when the registry is full or the path too long.
int milex_cleanup_register(const char *path, int is_directory);

/// Forgets a slot (the path was renamed into place or removed).
void milex_cleanup_unregister(int slot);

/// Defers the handler's work while a commit (rename into place) is under way: a signal that
/// arrives now is remembered and acted on by `milex_cleanup_resume`.
void milex_cleanup_defer(void);

/// Ends a deferral; a signal that arrived meanwhile cleans up and terminates the process now.
void milex_cleanup_resume(void);

/// Removes the path of one slot now and frees the slot (tests of the registry itself).
void milex_cleanup_remove_now(int slot);

/// Exchanges two paths atomically (Linux renameat2 with RENAME_EXCHANGE). Returns 0, or the
/// errno (EINVAL or ENOSYS where the kernel or file system cannot).
int milex_rename_exchange(const char *a, const char *b);

#endif
