/*
** util_atomic.c — replacing a file atomically, for every writer in the
** library (.reg files, hives).
**
** The new content goes into a temporary file in the same directory (so
** that rename() cannot cross file systems), is flushed to disk, and only
** then renamed over the target.  Whoever reads the target sees the old
** file or the complete new one, never half of one, and a failure at any
** step leaves the target as it was and no temporary file behind.
*/
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int atomic_file_begin(atomic_file *af, const char *path)
{
    af->path = NULL;
    af->tmp = NULL;
    af->fd = -1;
    if (!path || !*path)
        return reglint__fail(EINVAL, "no output file name");
    char *dcopy = strdup(path), *bcopy = strdup(path);
    char *target = strdup(path);
    size_t tlen = strlen(path) + 16;
    char *tmp = malloc(tlen);
    if (!dcopy || !bcopy || !target || !tmp) {
        free(dcopy);
        free(bcopy);
        free(target);
        free(tmp);
        return reglint__fail(ENOMEM, "out of memory");
    }
    /* A dot name, so that directory listings and globs skip it. */
    snprintf(tmp, tlen, "%s/.%s.XXXXXX", dirname(dcopy), basename(bcopy));
    free(dcopy);
    free(bcopy);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        free(target);
        free(tmp);
        return reglint__fail(e, "%s: cannot create a file beside it: %s",
                             path, strerror(e));
    }
    /* mkstemp makes it 0600.  A replaced file keeps its mode; a new one
    ** gets 0666 less the umask, as if it had been created directly. */
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        (void)fchmod(fd, st.st_mode & 07777);
    } else {
        mode_t mask = umask(0);
        umask(mask);
        (void)fchmod(fd, 0666 & ~mask);
    }
    af->path = target;
    af->tmp = tmp;
    af->fd = fd;
    return 0;
}

static void release(atomic_file *af)
{
    if (af->fd >= 0)
        close(af->fd);
    free(af->path);
    free(af->tmp);
    af->fd = -1;
    af->path = NULL;
    af->tmp = NULL;
}

void atomic_file_abort(atomic_file *af)
{
    int e = errno;
    if (af->tmp)
        unlink(af->tmp);
    release(af);
    errno = e;
}

int atomic_file_commit(atomic_file *af)
{
    if (!af->tmp)
        return reglint__fail(EINVAL, "no temporary file to commit");
    int e = 0;
    const char *what = "";
    /* Whatever wrote the content by name (hivex_commit does) wrote the
    ** same inode; make sure nobody swapped the name for another file. */
    struct stat a, b;
    if (fstat(af->fd, &a) != 0 || stat(af->tmp, &b) != 0) {
        e = errno;
        what = "cannot check the temporary file";
    } else if (a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
        e = EEXIST;
        what = "the temporary file was replaced by another";
    } else if (fsync(af->fd) != 0) {
        /* fsync flushes the file, whichever descriptor wrote it. */
        e = errno;
        what = "cannot write";
    } else if (close(af->fd) != 0) {
        af->fd = -1;
        e = errno;
        what = "cannot write";
    } else {
        af->fd = -1;
        if (rename(af->tmp, af->path) != 0) {
            e = errno;
            what = "cannot rename into place";
        }
    }
    if (e) {
        reglint__fail(e, "%s: %s: %s", af->path, what, strerror(e));
        atomic_file_abort(af);
        errno = e;
        return -1;
    }
    /* Make the rename itself durable; a failure here loses nothing that
    ** is not already in place, so it is not reported. */
    char *dcopy = strdup(af->path);
    if (dcopy) {
        int dfd = open(dirname(dcopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
        free(dcopy);
    }
    release(af);
    return 0;
}

int atomic_file_write(const char *path, int (*write)(void *ctx, FILE *out),
                      void *ctx)
{
    atomic_file af;
    if (atomic_file_begin(&af, path) < 0)
        return -1;
    /* The stream gets its own descriptor: fclose() must not close the one
    ** atomic_file_commit() syncs. */
    int fd = dup(af.fd);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        reglint__fail(e, "%s: %s", path, strerror(e));
        atomic_file_abort(&af);
        return -1;
    }
    int rc = write(ctx, f);
    if (fclose(f) != 0 && rc == 0) {
        int e = errno;
        rc = reglint__fail(e, "%s: %s", path, strerror(e));
    }
    if (rc != 0) {
        atomic_file_abort(&af);
        return -1;
    }
    return atomic_file_commit(&af);
}
