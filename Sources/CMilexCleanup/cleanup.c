#include "cmilex_cleanup.h"

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { SLOTS = 256, PATH_CAPACITY = 4096 };

// 0: free; 1: a file; 2: a folder. Written under the mutex, read by the handler.
static volatile sig_atomic_t kinds[SLOTS];
static char paths[SLOTS][PATH_CAPACITY];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t installed = 0;
static volatile sig_atomic_t deferring = 0;
static volatile sig_atomic_t pending = 0;
static const int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

static void remove_all(void) {
    // Files first, then folders from the last registered (innermost) to the first.
    for (int slot = 0; slot < SLOTS; slot++) {
        if (kinds[slot] == 1) { unlink(paths[slot]); kinds[slot] = 0; }
    }
    for (int slot = SLOTS - 1; slot >= 0; slot--) {
        if (kinds[slot] == 2) { rmdir(paths[slot]); kinds[slot] = 0; }
    }
}

static void terminate_with(int sig) {
    remove_all();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void handler(int sig) {
    if (deferring) {
        pending = sig;
        return;
    }
    terminate_with(sig);
}

int milex_cleanup_install(void) {
    pthread_mutex_lock(&lock);
    int result = 0;
    if (!installed) {
        for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
            struct sigaction current;
            if (sigaction(signals[i], NULL, &current) != 0) { result = -1; continue; }
            // A signal the parent ignores (nohup, a shell's background job) stays ignored.
            if (current.sa_handler == SIG_IGN) continue;
            struct sigaction action;
            memset(&action, 0, sizeof action);
            action.sa_handler = handler;
            sigemptyset(&action.sa_mask);
            if (sigaction(signals[i], &action, NULL) != 0) result = -1;
        }
        installed = 1;
    }
    pthread_mutex_unlock(&lock);
    return result;
}

int milex_cleanup_register(const char *path, int is_directory) {
    size_t length = strlen(path);
    if (length + 1 > PATH_CAPACITY) return -1;
    pthread_mutex_lock(&lock);
    int found = -1;
    for (int slot = 0; slot < SLOTS; slot++) {
        if (kinds[slot] == 0) {
            memcpy(paths[slot], path, length + 1);
            kinds[slot] = is_directory ? 2 : 1;
            found = slot;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return found;
}

void milex_cleanup_unregister(int slot) {
    if (slot < 0 || slot >= SLOTS) return;
    pthread_mutex_lock(&lock);
    kinds[slot] = 0;
    pthread_mutex_unlock(&lock);
}

void milex_cleanup_defer(void) { deferring = 1; }

void milex_cleanup_resume(void) {
    deferring = 0;
    if (pending) {
        int sig = pending;
        pending = 0;
        terminate_with(sig);
    }
}

void milex_cleanup_remove_now(int slot) {
    if (slot < 0 || slot >= SLOTS) return;
    pthread_mutex_lock(&lock);
    if (kinds[slot] == 1) unlink(paths[slot]);
    if (kinds[slot] == 2) rmdir(paths[slot]);
    kinds[slot] = 0;
    pthread_mutex_unlock(&lock);
}

int milex_rename_exchange(const char *a, const char *b) {
#ifdef SYS_renameat2
    // RENAME_EXCHANGE is 2 (linux/fs.h); called through syscall so older headers do not matter.
    if (syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 2u) == 0) return 0;
    return errno;
#else
    (void)a;
    (void)b;
    return ENOSYS;
#endif
}
