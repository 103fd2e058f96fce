/*
** source_hive.c — a regf hive file as a source: opened read-only through
** libhivex, recognised (SYSTEM, SOFTWARE, ...), checked (dirty, damaged),
** and copied into a registry, whole or only the subtrees a scope names (a
** "*" component of a scope path standing for every subkey there).
**
** Evidence must not change, not even its access time.  hivex opens files
** by name and maps them with a plain O_RDONLY, which may update atime.
** So, unless the file system will not update it (a read-only or noatime
** mount, the usual way to mount evidence, or relatime with no update due),
** the hive is first copied through an O_NOATIME descriptor into an
** anonymous memory file, and hivex opens that copy (/proc/self/fd/N).
** The copy also lets reglint fix a bad header checksum, which hivex
** refuses even in its unsafe mode.
**
** Everything hivex reports while reading a node or value becomes a
** diagnostic with the cell's file offset; the load goes on with the next
** one.  Each nk cell is visited at most once, so a damaged hive whose
** subkey lists form a loop costs no more than its size.
*/
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <hivex.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

/* Larger than any hive Windows writes (SOFTWARE hives reach a few hundred
** MiB); a bound on what one source may cost in memory. */
#define HIVE_MAX_SIZE (2ull << 30)

/* ---- diagnostics ---- */

static void hdiag(reglint_diags *d, reglint_severity sev, const char *file,
                  int64_t offset, const char *code, const char *fmt, ...)
    RL_PRINTF(6, 7);

static void hdiag(reglint_diags *d, reglint_severity sev, const char *file,
                  int64_t offset, const char *code, const char *fmt, ...)
{
    if (!d)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    reglint_diags_add(d, sev, file, 0, 0, offset, code, msg);
}

/* ---- hive types ---- */

static const struct hive_type_desc {
    reglint_hive_type type;
    const char *name;
    const char *mount;
    const char *file; /* the file name Windows gives it, for the header */
} hive_types[] = {
    {REGLINT_HIVE_UNKNOWN, "unknown", NULL, NULL},
    {REGLINT_HIVE_SYSTEM, "SYSTEM", "HKEY_LOCAL_MACHINE\\SYSTEM", "SYSTEM"},
    {REGLINT_HIVE_SOFTWARE, "SOFTWARE", "HKEY_LOCAL_MACHINE\\SOFTWARE",
     "SOFTWARE"},
    {REGLINT_HIVE_SAM, "SAM", "HKEY_LOCAL_MACHINE\\SAM", "SAM"},
    {REGLINT_HIVE_SECURITY, "SECURITY", "HKEY_LOCAL_MACHINE\\SECURITY",
     "SECURITY"},
    {REGLINT_HIVE_DEFAULT, "DEFAULT", "HKEY_USERS\\.DEFAULT", "DEFAULT"},
    {REGLINT_HIVE_NTUSER, "NTUSER", "HKEY_CURRENT_USER", "NTUSER.DAT"},
    {REGLINT_HIVE_USRCLASS, "UsrClass", "HKEY_CURRENT_USER\\Software\\Classes",
     "UsrClass.dat"},
    {REGLINT_HIVE_COMPONENTS, "COMPONENTS",
     "HKEY_LOCAL_MACHINE\\COMPONENTS", "COMPONENTS"},
    {REGLINT_HIVE_BCD, "BCD", "HKEY_LOCAL_MACHINE\\BCD00000000", "BCD"},
    {REGLINT_HIVE_DRIVERS, "DRIVERS", "HKEY_LOCAL_MACHINE\\DRIVERS",
     "DRIVERS"},
    {REGLINT_HIVE_AMCACHE, "Amcache", "HKEY_LOCAL_MACHINE\\A", "Amcache.hve"},
    {REGLINT_HIVE_ELAM, "ELAM", "HKEY_LOCAL_MACHINE\\ELAM", "ELAM"},
};

static const struct hive_type_desc *type_desc(reglint_hive_type t)
{
    for (size_t i = 0; i < sizeof hive_types / sizeof *hive_types; i++)
        if (hive_types[i].type == t)
            return &hive_types[i];
    return &hive_types[0];
}

const char *reglint_hive_type_name(reglint_hive_type t)
{
    return type_desc(t)->name;
}

const char *reglint_hive_type_mount(reglint_hive_type t)
{
    return type_desc(t)->mount;
}

const char *hive_type_file_name(reglint_hive_type t)
{
    return type_desc(t)->file;
}

/* The type a file name says ("...\Config\SYSTEM", "ntuser.dat"). */
static reglint_hive_type type_from_file_name(const char *name)
{
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '\\' || *p == '/')
            base = p + 1;
    for (size_t i = 1; i < sizeof hive_types / sizeof *hive_types; i++)
        if (name_compare_n(base, strlen(base), hive_types[i].file,
                           strlen(hive_types[i].file)) == 0)
            return hive_types[i].type;
    return REGLINT_HIVE_UNKNOWN;
}

/* ---- hivex helpers ---- */

static bool is_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

/* The child of node named name[0..n), case-insensitively as Windows
** compares; 0 if none (errno 0) or on a damaged list (errno set). */
static hive_node_h child_named(hive_h *h, hive_node_h node, const char *name,
                               size_t n)
{
    if (is_ascii(name, n)) {
        char buf[REGLINT_MAX_KEY_NAME + 1];
        if (n > REGLINT_MAX_KEY_NAME) {
            errno = 0;
            return 0;
        }
        memcpy(buf, name, n);
        buf[n] = '\0';
        errno = 0;
        return hivex_node_get_child(h, node, buf);
    }
    hive_node_h *kids = hivex_node_children(h, node);
    if (!kids)
        return 0;
    hive_node_h found = 0;
    for (size_t i = 0; kids[i] && !found; i++) {
        char *kn = hivex_node_name(h, kids[i]);
        if (kn && name_compare_n(kn, strlen(kn), name, n) == 0)
            found = kids[i];
        free(kn);
    }
    free(kids);
    errno = 0;
    return found;
}

static bool has_child(hive_h *h, hive_node_h node, const char *name)
{
    return child_named(h, node, name, strlen(name)) != 0;
}

/* A REG_DWORD value of node, or -1 with why set. */
static int64_t dword_value(hive_h *h, hive_node_h node, const char *name,
                           const char **why)
{
    errno = 0;
    hive_value_h v = hivex_node_get_value(h, node, name);
    if (!v) {
        *why = "absent";
        return -1;
    }
    hive_type t;
    size_t len;
    char *data = hivex_value_value(h, v, &t, &len);
    if (!data) {
        *why = "unreadable";
        return -1;
    }
    int64_t r = -1;
    if ((t == hive_t_REG_DWORD && len == 4) ||
        (t == hive_t_REG_DWORD_BIG_ENDIAN && len == 4)) {
        const uint8_t *b = (const uint8_t *)data;
        r = t == hive_t_REG_DWORD
                ? (int64_t)((uint32_t)b[0] | (uint32_t)b[1] << 8 |
                            (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24)
                : (int64_t)((uint32_t)b[3] | (uint32_t)b[2] << 8 |
                            (uint32_t)b[1] << 16 | (uint32_t)b[0] << 24);
    } else {
        *why = "not a REG_DWORD";
    }
    free(data);
    return r;
}

/* ---- recognising the hive ---- */

static reglint_hive_type type_from_content(hive_h *h)
{
    hive_node_h root = hivex_root(h);
    if (!root)
        return REGLINT_HIVE_UNKNOWN;
    if (has_child(h, root, "Select") || has_child(h, root, "ControlSet001"))
        return REGLINT_HIVE_SYSTEM;
    if (has_child(h, root, "Microsoft") &&
        !has_child(h, root, "Control Panel"))
        return REGLINT_HIVE_SOFTWARE;
    if (has_child(h, root, "SAM"))
        return REGLINT_HIVE_SAM;
    if (has_child(h, root, "Policy") && has_child(h, root, "RXACT"))
        return REGLINT_HIVE_SECURITY;
    if (has_child(h, root, "Description") && has_child(h, root, "Objects"))
        return REGLINT_HIVE_BCD;
    if (has_child(h, root, "CanonicalData") ||
        has_child(h, root, "DerivedData"))
        return REGLINT_HIVE_COMPONENTS;
    if (has_child(h, root, "DriverDatabase"))
        return REGLINT_HIVE_DRIVERS;
    if (has_child(h, root, "Local Settings") && !has_child(h, root, "Software"))
        return REGLINT_HIVE_USRCLASS;
    if (has_child(h, root, "Software") &&
        (has_child(h, root, "Control Panel") ||
         has_child(h, root, "Environment") || has_child(h, root, "Console")))
        return REGLINT_HIVE_NTUSER;
    return REGLINT_HIVE_UNKNOWN;
}

/* ---- the control set ---- */

static void find_control_set(hive_source *hs, reglint_diags *d)
{
    hive_h *h = hs->h;
    hive_node_h root = hivex_root(h);
    hive_node_h sel = root ? child_named(h, root, "Select", 6) : 0;
    const char *why_cur = "the Select key is absent";
    char name[CONTROL_SET_NAME_MAX];
    if (sel) {
        const char *why = NULL;
        int64_t cur = dword_value(h, sel, "Current", &why);
        if (cur > 0 && cur <= 999) {
            snprintf(name, sizeof name, "ControlSet%03u", (unsigned)cur);
            if (has_child(h, root, name)) {
                hs->control_set = (unsigned)cur;
                hs->control_set_from = "Current";
                return;
            }
            why_cur = "Select\\Current names a control set that is absent";
        } else {
            why_cur = cur < 0 && why && strcmp(why, "absent") == 0
                          ? "Select\\Current is absent"
                          : "Select\\Current is not a REG_DWORD from 1 to 999";
        }
        int64_t def = dword_value(h, sel, "Default", &why);
        if (def > 0 && def <= 999) {
            snprintf(name, sizeof name, "ControlSet%03u", (unsigned)def);
            if (has_child(h, root, name)) {
                hs->control_set = (unsigned)def;
                hs->control_set_from = "Default";
                hdiag(d, REGLINT_WARNING, hs->path, (int64_t)sel,
                      "control-set", "%s; CurrentControlSet read as %s from "
                      "Select\\Default", why_cur, name);
                return;
            }
        }
    }
    /* The lowest ControlSetNNN present. */
    hive_node_h *kids = root ? hivex_node_children(h, root) : NULL;
    unsigned lowest = 0;
    for (size_t i = 0; kids && kids[i]; i++) {
        char *kn = hivex_node_name(h, kids[i]);
        unsigned n = kn ? control_set_number(kn, strlen(kn)) : 0;
        if (n && (!lowest || n < lowest))
            lowest = n;
        free(kn);
    }
    free(kids);
    if (lowest) {
        hs->control_set = lowest;
        hs->control_set_from = "lowest";
        hdiag(d, REGLINT_WARNING, hs->path, sel ? (int64_t)sel : -1,
              "control-set", "%s and Select\\Default does not help; "
              "CurrentControlSet read as the lowest, ControlSet%03u", why_cur,
              lowest);
    } else {
        hdiag(d, REGLINT_WARNING, hs->path, -1, "control-set",
              "a SYSTEM hive without any ControlSetNNN key; "
              "CurrentControlSet is absent");
    }
}

/* ---- transaction logs beside the hive ---- */

static void find_logs(hive_source *hs)
{
    char *dcopy = strdup(hs->path), *bcopy = strdup(hs->path);
    if (!dcopy || !bcopy)
        goto out;
    const char *dir = dirname(dcopy), *base = basename(bcopy);
    DIR *dp = opendir(dir);
    if (!dp)
        goto out;
    size_t bl = strlen(base);
    static const char *const suffixes[] = {".LOG", ".LOG1", ".LOG2"};
    struct dirent *e;
    while ((e = readdir(dp)) != NULL && hs->nlogs < HIVE_MAX_LOGS) {
        size_t el = strlen(e->d_name);
        if (el <= bl || name_compare_n(e->d_name, bl, base, bl) != 0)
            continue;
        for (size_t s = 0; s < 3; s++) {
            size_t sl = strlen(suffixes[s]);
            if (el - bl == sl &&
                name_compare_n(e->d_name + bl, sl, suffixes[s], sl) == 0) {
                size_t n = strlen(dir) + el + 2;
                char *p = malloc(n);
                if (p) {
                    snprintf(p, n, "%s/%s", dir, e->d_name);
                    hs->logs[hs->nlogs++] = p;
                }
            }
        }
    }
    closedir(dp);
    /* readdir order is arbitrary; list them as .LOG, .LOG1, .LOG2. */
    for (size_t i = 1; i < hs->nlogs; i++)
        for (size_t j = i; j > 0 && strcmp(hs->logs[j - 1], hs->logs[j]) > 0;
             j--) {
            char *t = hs->logs[j];
            hs->logs[j] = hs->logs[j - 1];
            hs->logs[j - 1] = t;
        }
out:
    free(dcopy);
    free(bcopy);
}

/* ---- opening ---- */

static bool later(struct timespec a, struct timespec b)
{
    return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec);
}

/* Would hivex reading the file by name leave its access time alone?  Yes
** on a read-only or noatime mount (the usual way to mount evidence), and
** on a relatime mount when the kernel's rule says no update is due: the
** access time is after the modification and change times and less than a
** day old (a minute of margin).  Otherwise reglint reads a private copy. */
static bool atime_stays(int fd, const struct stat *st)
{
    struct statvfs vfs;
    if (fstatvfs(fd, &vfs) != 0)
        return false;
    if (vfs.f_flag & (ST_RDONLY | ST_NOATIME))
        return true;
    if (!(vfs.f_flag & ST_RELATIME))
        return false;
    struct timespec now;
    if (clock_gettime(CLOCK_REALTIME, &now) != 0)
        return false;
    return later(st->st_atim, st->st_mtim) && later(st->st_atim, st->st_ctim) &&
           now.tv_sec - st->st_atim.tv_sec < 24 * 60 * 60 - 60;
}

int hive_open_evidence(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOATIME);
    if (fd < 0 && errno == EPERM) /* O_NOATIME: owner or CAP_FOWNER only */
        fd = open(path, O_RDONLY | O_CLOEXEC);
    return fd;
}

int hive_snapshot(int fd, uint64_t size)
{
    int mfd = memfd_create("reglint-hive", MFD_CLOEXEC);
    if (mfd < 0)
        return -1;
    off_t off = 0;
    while ((uint64_t)off < size) {
        ssize_t n = sendfile(mfd, fd, &off, (size_t)(size - (uint64_t)off));
        if (n <= 0) {
            int e = n < 0 ? errno : EIO;
            close(mfd);
            errno = e;
            return -1;
        }
    }
    return mfd;
}

static hive_h *open_fd_path(int fd, int flags)
{
    char p[64];
    snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
    return hivex_open(p, flags);
}

static const char *hivex_reason(int e)
{
    switch (e) {
    case ENOTSUP: return "its structure is damaged";
    case EINVAL: return "its header is inconsistent";
    case EFAULT: return "a cell points outside the file";
    case ELOOP: return "its lists form a loop";
    case ENOMEM: return "out of memory";
    default: return strerror(e);
    }
}

void hive_source_close(hive_source *hs)
{
    if (!hs)
        return;
    if (hs->h)
        hivex_close(hs->h);
    for (size_t i = 0; i < hs->nlogs; i++)
        free(hs->logs[i]);
    free(hs->visited);
    free(hs->touched);
    free(hs->reported);
    free(hs->path);
    free(hs);
}

hive_source *hive_source_open(const char *path, reglint_diags *d)
{
    hive_source *hs = calloc(1, sizeof *hs);
    if (!hs || !(hs->path = strdup(path))) {
        free(hs);
        hdiag(d, REGLINT_ERROR, path, -1, "internal", "out of memory");
        errno = ENOMEM;
        return NULL;
    }
    int fd = hive_open_evidence(path);
    int mfd = -1, e = 0;
    struct stat st;
    uint8_t base[HIVE_BASE_BLOCK];
    if (fd < 0 || fstat(fd, &st) != 0) {
        e = errno;
        hdiag(d, REGLINT_ERROR, path, -1, "unreadable", "cannot open: %s",
              strerror(e));
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) {
        e = EINVAL;
        hdiag(d, REGLINT_ERROR, path, -1, "unreadable",
              "not a regular file");
        goto fail;
    }
    hs->size = (uint64_t)st.st_size;
    if (hs->size > HIVE_MAX_SIZE) {
        e = EFBIG;
        hdiag(d, REGLINT_ERROR, path, -1, "limit",
              "%llu bytes; reglint reads hives up to %llu bytes",
              (unsigned long long)hs->size, HIVE_MAX_SIZE);
        goto fail;
    }
    ssize_t got = pread(fd, base, sizeof base, 0);
    if (got < 0) {
        e = errno;
        hdiag(d, REGLINT_ERROR, path, -1, "unreadable", "read error: %s",
              strerror(e));
        goto fail;
    }
    if (hive_header_parse(base, (size_t)got, &hs->hdr) < 0) {
        e = errno;
        bool magic = got >= 4 && memcmp(base, "regf", 4) == 0;
        hdiag(d, REGLINT_ERROR, path,
              !magic ? 0 : e == ENOTSUP ? 20 : (int64_t)got,
              !magic ? "not-hive"
                     : e == ENOTSUP ? "hive-version" : "hive-truncated",
              "%s", reglint_last_error());
        goto fail;
    }
    if (hs->hdr.file_type != 0) {
        e = EINVAL;
        hdiag(d, REGLINT_ERROR, path, 28, "hive-log",
              "a transaction log (file type %u), not a hive; give the hive "
              "file itself (its logs are found beside it)",
              hs->hdr.file_type);
        goto fail;
    }
    if (hs->size < 2 * HIVE_BASE_BLOCK) {
        e = EINVAL;
        hdiag(d, REGLINT_ERROR, path, (int64_t)hs->size, "hive-truncated",
              "truncated: %llu bytes, no room for a hive bin after the "
              "base block", (unsigned long long)hs->size);
        goto fail;
    }
    /* The copy is needed to fix a checksum, and to keep the access time
    ** where reading would change it. */
    int src = fd;
    if (!hs->hdr.checksum_ok || !atime_stays(fd, &st)) {
        mfd = hive_snapshot(fd, hs->size);
        if (mfd < 0) {
            e = errno;
            hdiag(d, REGLINT_ERROR, path, -1, "unreadable",
                  "cannot read the file: %s", strerror(e));
            goto fail;
        }
        src = mfd;
    }
    if (!hs->hdr.checksum_ok) {
        /* hivex refuses a bad checksum even in unsafe mode; the copy gets
        ** the right one. */
        uint8_t sum[4];
        uint32_t c = hs->hdr.checksum_computed;
        sum[0] = (uint8_t)c;
        sum[1] = (uint8_t)(c >> 8);
        sum[2] = (uint8_t)(c >> 16);
        sum[3] = (uint8_t)(c >> 24);
        if (pwrite(mfd, sum, 4, 0x1fc) != 4) {
            e = errno;
            hdiag(d, REGLINT_ERROR, path, -1, "internal",
                  "cannot fix the checksum in memory: %s", strerror(e));
            goto fail;
        }
        hs->h = open_fd_path(src, HIVEX_OPEN_UNSAFE);
        e = errno;
        if (hs->h) {
            hs->unsafe = true;
            hdiag(d, REGLINT_WARNING, path, 0x1fc, "hive-checksum",
                  "header checksum 0x%08x, computed 0x%08x: the base block "
                  "was damaged or half-written; read in hivex's unsafe mode, "
                  "values may be missing or stale",
                  hs->hdr.checksum, hs->hdr.checksum_computed);
        }
    } else {
        hs->h = open_fd_path(src, 0);
        e = errno;
        if (!hs->h && e != ENOMEM) {
            hs->h = open_fd_path(src, HIVEX_OPEN_UNSAFE);
            if (hs->h)
                hs->unsafe = true;
        }
    }
    /* hivex's safe open walks the hive bins itself; reglint walks them only
    ** to explain a refusal, or a file shorter than its header says. */
    uint64_t bad_off = 0;
    char why[200] = "";
    int chain = 0;
    if (!hs->h || hs->unsafe ||
        (uint64_t)HIVE_BASE_BLOCK + hs->hdr.hbins_size > hs->size)
        chain = hive_hbins_check(src, hs->size, &hs->hdr, &bad_off, why,
                                 sizeof why);
    bool chain_ok = chain == 0;
    if (!chain_ok) {
        /* the offset and why say it */
    } else if (hs->hdr.root_offset < hs->size - HIVE_BASE_BLOCK) {
        /* With sound bins, what hivex refuses is the root key's cell. */
        bad_off = HIVE_BASE_BLOCK + (uint64_t)hs->hdr.root_offset;
        snprintf(why, sizeof why, "%s; the root key's cell is at this offset",
                 hivex_reason(e));
    } else {
        bad_off = 36;
        snprintf(why, sizeof why, "the header's root key offset 0x%x is "
                 "outside the file", hs->hdr.root_offset);
    }
    if (hs->h && hs->unsafe && hs->hdr.checksum_ok)
        hdiag(d, REGLINT_WARNING, path, (int64_t)bad_off, "hive-unsafe",
              "hivex refused the hive (%s); read in its unsafe mode, which "
              "skips damaged parts: keys or values may be missing", why);
    if (!hs->h) {
        hdiag(d, REGLINT_ERROR, path, (int64_t)bad_off, "hive-corrupt",
              "cannot read the hive: %s", why);
        goto fail;
    }
    /* Windows pads hive files past their last hbin, so bytes after the
    ** hive bins are normal; a chain that ends early is not. */
    if (!chain_ok && !hs->unsafe)
        hdiag(d, REGLINT_WARNING, path, (int64_t)bad_off,
              chain == -2 ? "hive-truncated" : "hive-bins",
              "%s; keys and values stored past that point may be missing",
              why);
    if (mfd >= 0)
        close(mfd);
    mfd = -1;
    close(fd);
    fd = -1;

    if (hs->hdr.seq1 != hs->hdr.seq2) {
        hs->dirty = true;
        find_logs(hs);
        char list[1024] = "";
        size_t used = 0;
        for (size_t i = 0; i < hs->nlogs && used < sizeof list; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                     i ? ", " : "", hs->logs[i]);
        hdiag(d, REGLINT_WARNING, path, 4, "hive-dirty",
              "dirty hive (sequence numbers %u and %u differ): Windows had "
              "not written its last changes into it; they are in %s, which "
              "reglint does not replay, so the newest changes may be missing",
              hs->hdr.seq1, hs->hdr.seq2,
              hs->nlogs ? list : "transaction logs (none found beside it)");
    }
    hs->type = type_from_content(hs->h);
    /* DEFAULT holds what an NTUSER.DAT holds; only its name tells. */
    reglint_hive_type named = type_from_file_name(hs->hdr.name);
    if (hs->type == REGLINT_HIVE_UNKNOWN ||
        (hs->type == REGLINT_HIVE_NTUSER && named == REGLINT_HIVE_DEFAULT))
        hs->type = named;
    if (hs->type == REGLINT_HIVE_UNKNOWN)
        hs->type = type_from_file_name(path);
    if (hs->type == REGLINT_HIVE_SYSTEM)
        find_control_set(hs, d);
    return hs;

fail:
    if (mfd >= 0)
        close(mfd);
    if (fd >= 0)
        close(fd);
    hive_source_close(hs);
    errno = e ? e : EINVAL;
    return NULL;
}

/* ---- loading ---- */

typedef struct loader {
    hive_source *hs;
    reglint_registry *reg;
    uint32_t source;
    reglint_diags *diags;
} loader;

#define MAX_CELL_DIAGS 50

/* Set the bit of a cell offset in a bitmap of the hive's cells (one bit
** per 8 bytes, cells being 8-aligned); false if it was set already or the
** bitmap could not be made (then nothing is remembered).  Bytes of the
** visited map that become non-zero are listed in hs->touched: a check
** loads dozens of small scopes from a hive of hundreds of megabytes, and
** clearing the whole map before each would cost more than the loads. */
static bool mark_cell(hive_source *hs, uint8_t **map, uint64_t offset)
{
    if (!hs->visited_len)
        hs->visited_len = (size_t)(hs->size / 64 + 1);
    if (!*map && !(*map = calloc(hs->visited_len, 1)))
        return true;
    uint64_t bit = offset / 8;
    if (bit / 8 >= hs->visited_len)
        return false;
    uint8_t m = (uint8_t)(1u << (bit % 8));
    if ((*map)[bit / 8] & m)
        return false;
    if (map == &hs->visited && (*map)[bit / 8] == 0 &&
        hs->ntouched != SIZE_MAX) {
        if (hs->ntouched == hs->touched_cap) {
            size_t nc = hs->touched_cap ? hs->touched_cap * 2 : 256;
            size_t *nt = nc <= hs->visited_len / 8
                             ? realloc(hs->touched, nc * sizeof *nt)
                             : NULL;
            if (nt) {
                hs->touched = nt;
                hs->touched_cap = nc;
            } else {
                hs->ntouched = SIZE_MAX; /* too many: clear it all */
            }
        }
        if (hs->ntouched != SIZE_MAX)
            hs->touched[hs->ntouched++] = (size_t)(bit / 8);
    }
    (*map)[bit / 8] |= m;
    return true;
}

/* A damaged cell: reported once per hive, whichever scope reached it, and
** at most MAX_CELL_DIAGS of them. */
static void load_problem(loader *L, int64_t offset, const char *what)
{
    int e = errno;
    hive_source *hs = L->hs;
    if (offset >= 0 && !mark_cell(hs, &hs->reported, (uint64_t)offset))
        return;
    hs->problems++;
    if (hs->problems <= MAX_CELL_DIAGS)
        hdiag(L->diags, REGLINT_WARNING, hs->path, offset, "hive-cell",
              "%s: %s; skipped", what, e ? hivex_reason(e) : "damaged");
    else if (hs->problems == MAX_CELL_DIAGS + 1)
        hdiag(L->diags, REGLINT_WARNING, hs->path, offset, "hive-cell",
              "more damaged cells; not reported");
}

/* Mark an nk cell as visited in this load; false if it was already. */
static bool visit(loader *L, hive_node_h node)
{
    return mark_cell(L->hs, &L->hs->visited, node);
}

static int load_values(loader *L, hive_node_h node, reglint_key *key)
{
    hive_h *h = L->hs->h;
    errno = 0;
    hive_value_h *vals = hivex_node_values(h, node);
    if (!vals) {
        load_problem(L, (int64_t)node, "the value list of a key");
        return 0;
    }
    int rc = 0;
    for (size_t i = 0; vals[i]; i++) {
        errno = 0;
        char *name = hivex_value_key(h, vals[i]);
        if (!name) {
            load_problem(L, (int64_t)vals[i], "a value name");
            continue;
        }
        hive_type t;
        size_t len = 0;
        errno = 0;
        char *data = hivex_value_value(h, vals[i], &t, &len);
        if (!data && len != 0) {
            load_problem(L, (int64_t)vals[i], "value data");
            free(name);
            continue;
        }
        reglint_origin o = {L->source, 0, (uint32_t)vals[i]};
        if (registry_set_value_n(L->reg, key, name, strlen(name),
                                 (uint32_t)t, data, len, o) < 0) {
            if (errno == ENOMEM)
                rc = -1;
            else
                hdiag(L->diags, REGLINT_WARNING, L->hs->path,
                      (int64_t)vals[i], "limit", "%s", reglint_last_error());
        }
        free(data);
        free(name);
        if (rc < 0)
            break;
    }
    free(vals);
    return rc;
}

/* Copy node (values, and depth levels of subkeys; -1 all) into key. */
static int load_node(loader *L, hive_node_h node, reglint_key *key, int depth)
{
    if (!visit(L, node)) {
        load_problem(L, (int64_t)node, "a key reached twice (a loop in the "
                                       "subkey lists)");
        return 0;
    }
    if (load_values(L, node, key) < 0)
        return -1;
    if (depth == 0)
        return 0;
    hive_h *h = L->hs->h;
    errno = 0;
    hive_node_h *kids = hivex_node_children(h, node);
    if (!kids) {
        load_problem(L, (int64_t)node, "the subkey list of a key");
        return 0;
    }
    int rc = 0;
    for (size_t i = 0; kids[i] && rc == 0; i++) {
        errno = 0;
        char *name = hivex_node_name(h, kids[i]);
        if (!name) {
            load_problem(L, (int64_t)kids[i], "a key name");
            continue;
        }
        reglint_origin o = {L->source, 0, (uint32_t)kids[i]};
        reglint_key *sub = reglint_key_add_subkey(L->reg, key, name, o);
        if (!sub) {
            if (errno == ENOMEM)
                rc = -1;
            else
                hdiag(L->diags, REGLINT_WARNING, L->hs->path,
                      (int64_t)kids[i], "limit", "%s", reglint_last_error());
        } else {
            rc = load_node(L, kids[i], sub, depth < 0 ? -1 : depth - 1);
        }
        free(name);
    }
    free(kids);
    return rc;
}

/* A scope component with '*' or '?' is a glob ("*": any name;
** "Package_for_KB3140245~*": the packages of one update). */
static bool is_glob(const path_part *p) { return name_has_glob(p->s, p->n); }

static bool part_matches(const path_part *want, const char *name, size_t n)
{
    return is_glob(want) ? name_glob_match(want->s, want->n, name, n)
                         : name_compare_n(want->s, want->n, name, n) == 0;
}

static int load_want(loader *L, hive_node_h node, reglint_key *key,
                     const path_split *want, size_t i, int depth);

/* One step down want's path, to node: its key is created under parent
** (a key on the way to what the scope names exists in the view, as a full
** load would have it), then the rest of the path is followed. */
static int load_step(loader *L, hive_node_h node, reglint_key *parent,
                     const path_split *want, size_t i, int depth)
{
    const path_part *p = &want->parts[i];
    bool any = p->n == 1 && p->s[0] == '*';
    /* A key on the way is passed once (the last one, load_node() visits):
    ** in a tree no path reaches a key twice, so a second time is a loop in
    ** damaged subkey lists, which "*" steps would follow again and again. */
    if (i + 1 < want->nparts && !visit(L, node)) {
        load_problem(L, (int64_t)node, "a key reached twice (a loop in the "
                                       "subkey lists)");
        return 0;
    }
    char *nm = hivex_node_name(L->hs->h, node);
    if (!nm) {
        load_problem(L, (int64_t)node, "a key name");
        return 0;
    }
    if (!any && is_glob(p) && !part_matches(p, nm, strlen(nm))) {
        free(nm);
        return 0;
    }
    reglint_origin o = {L->source, 0, (uint32_t)node};
    reglint_key *key = reglint_key_add_subkey(L->reg, parent, nm, o);
    free(nm);
    if (!key)
        return errno == ENOMEM ? -1 : 0;
    return load_want(L, node, key, want, i + 1, depth);
}

/* Follow want's components from i on below node (whose key is key), and
** load what they lead to.  A glob takes every subkey it matches in turn. */
static int load_want(loader *L, hive_node_h node, reglint_key *key,
                     const path_split *want, size_t i, int depth)
{
    if (i == want->nparts)
        return load_node(L, node, key, depth);
    hive_h *h = L->hs->h;
    const path_part *p = &want->parts[i];
    if (!is_glob(p)) {
        errno = 0;
        hive_node_h next = child_named(h, node, p->s, p->n);
        if (!next) {
            if (errno)
                load_problem(L, (int64_t)node, "the subkey list of a key");
            return 0;
        }
        return load_step(L, next, key, want, i, depth);
    }
    errno = 0;
    hive_node_h *kids = hivex_node_children(h, node);
    if (!kids) {
        load_problem(L, (int64_t)node, "the subkey list of a key");
        return 0;
    }
    int rc = 0;
    for (size_t k = 0; kids[k] && rc == 0; k++)
        rc = load_step(L, kids[k], key, want, i, depth);
    free(kids);
    return rc;
}

int hive_source_load(hive_source *hs, reglint_registry *reg, uint32_t source,
                     const path_split *mount, const path_split *want,
                     int depth, reglint_diags *diags)
{
    loader L = {hs, reg, source, diags};
    hive_h *h = hs->h;
    if (hs->visited && hs->ntouched == SIZE_MAX)
        memset(hs->visited, 0, hs->visited_len);
    else
        for (size_t i = 0; hs->visited && i < hs->ntouched; i++)
            hs->visited[hs->touched[i]] = 0;
    hs->ntouched = 0;
    hive_node_h node = hivex_root(h);
    if (!node) {
        load_problem(&L, -1, "the root key");
        return 0;
    }
    /* Scope above or at the mount point: the whole hive, with what is left
    ** of depth. */
    size_t common = 0;
    if (want) {
        if (strcmp(want->root, mount->root) != 0)
            return 0;
        while (common < want->nparts && common < mount->nparts &&
               part_matches(&want->parts[common], mount->parts[common].s,
                            mount->parts[common].n))
            common++;
        if (common < want->nparts && common < mount->nparts)
            return 0; /* diverge: nothing of this hive is wanted */
        if (want->nparts <= mount->nparts && depth >= 0) {
            int d = depth - (int)(mount->nparts - want->nparts);
            if (d < 0)
                depth = -2; /* only the mount key itself exists */
            else
                depth = d;
        }
    }
    reglint_origin none = {0, 0, 0};
    reglint_key *key = registry_key_create_parts(reg, mount, none);
    if (!key)
        return errno == ENOMEM ? -1 : 0;
    if (depth == -2)
        return 0;
    if (!want || want->nparts <= mount->nparts) {
        /* The mount key stands for the root nk; record where it is. */
        registry_key_set_origin(key, (reglint_origin){source, 0,
                                                      (uint32_t)node});
        return load_node(&L, node, key, depth);
    }
    return load_want(&L, node, key, want, mount->nparts, depth);
}
