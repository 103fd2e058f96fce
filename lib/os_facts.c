/*
** os_facts.c — which Windows the view holds: version, build, UBR, edition,
** client or server, architecture, service pack, product name.
**
** Rules depend on these (defaults differ per build; 2016 and Windows 10
** 1607 share build 14393 and differ only in ProductType), so each fact
** keeps where it was read, and a fact nothing states stays unknown rather
** than guessed.  The sources are in ../shared/docs/tls-facts.md §2:
** SOFTWARE\Microsoft\Windows NT\CurrentVersion, and in the current control
** set Control\ProductOptions\ProductType and
** Control\Session Manager\Environment\PROCESSOR_ARCHITECTURE.
*/
#include "internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define KEY_CURRENT_VERSION \
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"
#define KEY_PRODUCT_OPTIONS \
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions"
#define KEY_ENVIRONMENT                                                   \
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session "   \
    "Manager\\Environment"
#define KEY_WOW64 "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node"

static const char *const fact_names[REGLINT_FACT_COUNT] = {
    "version", "build", "ubr", "edition", "role", "arch", "service_pack",
    "product_name", "display_version"};

const char *reglint_os_fact_name(reglint_os_fact f)
{
    return (unsigned)f < REGLINT_FACT_COUNT ? fact_names[f] : "unknown";
}

const char *reglint_os_role_name(reglint_os_role r)
{
    switch (r) {
    case REGLINT_ROLE_CLIENT: return "client";
    case REGLINT_ROLE_SERVER: return "server";
    case REGLINT_ROLE_DC: return "domain-controller";
    default: return "unknown";
    }
}

const char *reglint_os_arch_name(reglint_os_arch a)
{
    switch (a) {
    case REGLINT_ARCH_X86: return "x86";
    case REGLINT_ARCH_X64: return "x64";
    case REGLINT_ARCH_ARM64: return "arm64";
    case REGLINT_ARCH_IA64: return "ia64";
    case REGLINT_ARCH_ARM: return "arm";
    default: return "unknown";
    }
}

/* ---- reading ---- */

typedef struct reader {
    const reglint_view *v;
    reglint_os *os;
} reader;

static void set_origin(reader *r, reglint_os_fact f, const reglint_key *key,
                       const reglint_value *val, const char *name)
{
    reglint_fact_origin *o = &r->os->fact[f];
    o->known = 1;
    o->origin = val ? reglint_value_origin(val) : reglint_key_origin(key);
    char *kp = reglint_key_path(key);
    if (val)
        snprintf(o->where, sizeof o->where, "%s\\%s", kp ? kp : "?", name);
    else
        snprintf(o->where, sizeof o->where, "%s", kp ? kp : "?");
    free(kp);
}

/* A REG_SZ value as text into buf; false if absent or not a string. */
static bool get_text(const reglint_key *key, const char *name,
                     const reglint_value **val, char *buf, size_t len)
{
    *val = key ? reglint_key_value(key, name) : NULL;
    if (!*val)
        return false;
    uint32_t t = reglint_value_type(*val);
    if (t != REGLINT_REG_SZ && t != REGLINT_REG_EXPAND_SZ)
        return false;
    char *s = reglint_value_get_string(*val);
    if (!s)
        return false;
    snprintf(buf, len, "%s", s);
    /* A text longer than buf is cut: at a character's start, not inside
    ** it, or the reports (JSON, JUnit) would carry bytes that are not
    ** UTF-8. */
    if (strlen(s) >= len) {
        size_t n = strlen(buf), i = n;
        while (i > 0 && ((unsigned char)buf[i - 1] & 0xc0) == 0x80)
            i--;
        uint32_t cp;
        if (i > 0 && (unsigned char)buf[i - 1] >= 0xc0 &&
            utf8_decode(buf + i - 1, n - (i - 1), &cp) == 0)
            buf[i - 1] = '\0';
    }
    free(s);
    return buf[0] != '\0';
}

static bool get_dword(const reglint_key *key, const char *name,
                      const reglint_value **val, uint32_t *out)
{
    *val = key ? reglint_key_value(key, name) : NULL;
    return *val && reglint_value_type(*val) == REGLINT_REG_DWORD &&
           reglint_value_get_dword(*val, out) == 0;
}

/* "6.3" -> 6, 3; "10.0.17763.1" -> 10, 0, 17763, 1.  Returns how many
** numbers were read. */
static int parse_dotted(const char *s, unsigned out[4])
{
    int n = 0;
    while (n < 4) {
        if (!isdigit((unsigned char)*s))
            return n;
        char *end;
        unsigned long v = strtoul(s, &end, 10);
        if (v > 0xffffffu)
            return n;
        out[n++] = (unsigned)v;
        if (*end != '.')
            return *end ? 0 : n;
        s = end + 1;
    }
    return n;
}

static void version_from_build(reglint_os *os)
{
    unsigned b = os->build;
    if (b >= 10240) {
        os->major = 10;
        os->minor = 0;
    } else if (b >= 9600) {
        os->major = 6;
        os->minor = 3;
    } else if (b >= 9200) {
        os->major = 6;
        os->minor = 2;
    } else if (b >= 7600) {
        os->major = 6;
        os->minor = 1;
    } else if (b >= 6000) {
        os->major = 6;
        os->minor = 0;
    }
}

static void read_current_version(reader *r)
{
    reglint_os *os = r->os;
    reglint_key *cv = reglint_view_key_open(r->v, KEY_CURRENT_VERSION);
    if (!cv)
        return;
    const reglint_value *val;
    char buf[160];
    uint32_t d;
    unsigned nums[4];

    if (get_text(cv, "CurrentBuild", &val, buf, sizeof buf) &&
        parse_dotted(buf, nums) == 1) {
        os->build = nums[0];
        set_origin(r, REGLINT_FACT_BUILD, cv, val, "CurrentBuild");
    } else if (get_text(cv, "CurrentBuildNumber", &val, buf, sizeof buf) &&
               parse_dotted(buf, nums) == 1) {
        os->build = nums[0];
        set_origin(r, REGLINT_FACT_BUILD, cv, val, "CurrentBuildNumber");
    }

    /* CurrentVersion stays "6.3" on Windows 10 and later; the version
    ** numbers exist only there. */
    const reglint_value *minor_val;
    uint32_t minor;
    if (get_dword(cv, "CurrentMajorVersionNumber", &val, &d) &&
        get_dword(cv, "CurrentMinorVersionNumber", &minor_val, &minor)) {
        os->major = d;
        os->minor = minor;
        set_origin(r, REGLINT_FACT_VERSION, cv, val,
                   "CurrentMajorVersionNumber");
    } else if (get_text(cv, "CurrentVersion", &val, buf, sizeof buf) &&
               parse_dotted(buf, nums) == 2) {
        os->major = nums[0];
        os->minor = nums[1];
        set_origin(r, REGLINT_FACT_VERSION, cv, val, "CurrentVersion");
        if (os->build >= 10240 && os->major == 6 && os->minor == 3) {
            /* An old tool's view of Windows 10: the build decides. */
            version_from_build(os);
            r->os->fact[REGLINT_FACT_VERSION] = r->os->fact[REGLINT_FACT_BUILD];
        }
    }

    if (get_dword(cv, "UBR", &val, &d)) {
        os->ubr = d;
        set_origin(r, REGLINT_FACT_UBR, cv, val, "UBR");
    }
    if (get_text(cv, "EditionID", &val, os->edition, sizeof os->edition))
        set_origin(r, REGLINT_FACT_EDITION, cv, val, "EditionID");
    if (get_text(cv, "ProductName", &val, os->product_name,
                 sizeof os->product_name))
        set_origin(r, REGLINT_FACT_PRODUCT_NAME, cv, val, "ProductName");
    if (get_text(cv, "DisplayVersion", &val, os->display_version,
                 sizeof os->display_version))
        set_origin(r, REGLINT_FACT_DISPLAY_VERSION, cv, val,
                   "DisplayVersion");
    else if (get_text(cv, "ReleaseId", &val, os->display_version,
                      sizeof os->display_version))
        set_origin(r, REGLINT_FACT_DISPLAY_VERSION, cv, val, "ReleaseId");
    if (get_text(cv, "CSDVersion", &val, buf, sizeof buf)) {
        const char *p = buf + strlen(buf);
        while (p > buf && isdigit((unsigned char)p[-1]))
            p--;
        if (strncasecmp(buf, "Service Pack ", 13) == 0 && *p) {
            os->service_pack = (unsigned)atoi(p);
            set_origin(r, REGLINT_FACT_SERVICE_PACK, cv, val, "CSDVersion");
        }
    }

    /* Installation type or edition say server when ProductType is
    ** missing (a SOFTWARE hive given without its SYSTEM hive). */
    if (!os->fact[REGLINT_FACT_ROLE].known) {
        if (get_text(cv, "InstallationType", &val, buf, sizeof buf)) {
            if (strncasecmp(buf, "Server", 6) == 0)
                os->role = REGLINT_ROLE_SERVER;
            else if (strcasecmp(buf, "Client") == 0)
                os->role = REGLINT_ROLE_CLIENT;
            if (os->role)
                set_origin(r, REGLINT_FACT_ROLE, cv, val, "InstallationType");
        } else if (os->edition[0]) {
            os->role = strncasecmp(os->edition, "Server", 6) == 0
                           ? REGLINT_ROLE_SERVER
                           : REGLINT_ROLE_CLIENT;
            set_origin(r, REGLINT_FACT_ROLE, cv,
                       reglint_key_value(cv, "EditionID"), "EditionID");
        }
    }
}

static void read_system(reader *r)
{
    reglint_os *os = r->os;
    const reglint_value *val;
    char buf[64];
    reglint_key *po = reglint_view_key_open(r->v, KEY_PRODUCT_OPTIONS);
    if (get_text(po, "ProductType", &val, buf, sizeof buf)) {
        if (strcasecmp(buf, "WinNT") == 0)
            os->role = REGLINT_ROLE_CLIENT;
        else if (strcasecmp(buf, "ServerNT") == 0)
            os->role = REGLINT_ROLE_SERVER;
        else if (strcasecmp(buf, "LanmanNT") == 0)
            os->role = REGLINT_ROLE_DC;
        if (os->role)
            set_origin(r, REGLINT_FACT_ROLE, po, val, "ProductType");
    }
    reglint_key *env = reglint_view_key_open(r->v, KEY_ENVIRONMENT);
    if (get_text(env, "PROCESSOR_ARCHITECTURE", &val, buf, sizeof buf)) {
        static const struct {
            const char *name;
            reglint_os_arch arch;
        } archs[] = {{"x86", REGLINT_ARCH_X86},   {"AMD64", REGLINT_ARCH_X64},
                     {"ARM64", REGLINT_ARCH_ARM64}, {"IA64", REGLINT_ARCH_IA64},
                     {"ARM", REGLINT_ARCH_ARM}};
        for (size_t i = 0; i < sizeof archs / sizeof *archs; i++)
            if (strcasecmp(buf, archs[i].name) == 0) {
                os->arch = archs[i].arch;
                set_origin(r, REGLINT_FACT_ARCH, env, val,
                           "PROCESSOR_ARCHITECTURE");
            }
    }
    if (!os->arch) {
        /* Only 64-bit Windows has the 32-bit view. */
        reglint_key *wow = reglint_view_key_open(r->v, KEY_WOW64);
        if (wow) {
            os->arch = REGLINT_ARCH_X64;
            set_origin(r, REGLINT_FACT_ARCH, wow, NULL, NULL);
        }
    }
}

/* Windows 11 kept "Windows 10" in ProductName; winver goes by the build. */
static void correct_product_name(reglint_os *os)
{
    if (os->build >= 22000 && os->role != REGLINT_ROLE_SERVER &&
        os->role != REGLINT_ROLE_DC &&
        strncmp(os->product_name, "Windows 10", 10) == 0)
        os->product_name[9] = '1';
}

int reglint_os_read(const reglint_view *v, reglint_os *os)
{
    memset(os, 0, sizeof *os);
    reader r = {v, os};
    read_system(&r);
    read_current_version(&r);
    if (!os->fact[REGLINT_FACT_VERSION].known && os->build) {
        version_from_build(os);
        if (os->major)
            os->fact[REGLINT_FACT_VERSION] = os->fact[REGLINT_FACT_BUILD];
    }
    correct_product_name(os);
    return 0;
}

int reglint_os_scope(reglint_scope *s)
{
    if (reglint_scope_add(s, KEY_CURRENT_VERSION, 0) < 0 ||
        reglint_scope_add(s, KEY_PRODUCT_OPTIONS, 0) < 0 ||
        reglint_scope_add(s, KEY_ENVIRONMENT, 0) < 0 ||
        reglint_scope_add(s, KEY_WOW64, 0) < 0)
        return -1;
    return 0;
}

/* ---- names ---- */

static const struct release {
    unsigned build;
    const char *client, *server;
} releases[] = {
    {6000, "Windows Vista", NULL},
    {6001, "Windows Vista", "Windows Server 2008"},
    {6002, "Windows Vista", "Windows Server 2008"},
    {6003, "Windows Vista", "Windows Server 2008"},
    {7600, "Windows 7", "Windows Server 2008 R2"},
    {7601, "Windows 7", "Windows Server 2008 R2"},
    {9200, "Windows 8", "Windows Server 2012"},
    {9600, "Windows 8.1", "Windows Server 2012 R2"},
    {10240, "Windows 10 1507", NULL},
    {10586, "Windows 10 1511", NULL},
    {14393, "Windows 10 1607", "Windows Server 2016"},
    {15063, "Windows 10 1703", NULL},
    {16299, "Windows 10 1709", "Windows Server 1709"},
    {17134, "Windows 10 1803", "Windows Server 1803"},
    {17763, "Windows 10 1809", "Windows Server 2019"},
    {18362, "Windows 10 1903", "Windows Server 1903"},
    {18363, "Windows 10 1909", "Windows Server 1909"},
    {19041, "Windows 10 2004", "Windows Server 2004"},
    {19042, "Windows 10 20H2", "Windows Server 20H2"},
    {19043, "Windows 10 21H1", NULL},
    {19044, "Windows 10 21H2", NULL},
    {19045, "Windows 10 22H2", NULL},
    {20348, NULL, "Windows Server 2022"},
    {22000, "Windows 11 21H2", NULL},
    {22621, "Windows 11 22H2", NULL},
    {22631, "Windows 11 23H2", NULL},
    {25398, NULL, "Windows Server 23H2"},
    {26100, "Windows 11 24H2", "Windows Server 2025"},
};

const char *reglint_os_release_name(const reglint_os *os, char *buf,
                                    size_t len)
{
    const struct release *rel = NULL;
    for (size_t i = 0; i < sizeof releases / sizeof *releases; i++)
        if (releases[i].build == os->build)
            rel = &releases[i];
    bool server = os->role == REGLINT_ROLE_SERVER || os->role == REGLINT_ROLE_DC;
    const char *name = NULL;
    if (rel) {
        if (os->role == REGLINT_ROLE_UNKNOWN && rel->client && rel->server) {
            snprintf(buf, len, "%s or %s", rel->client, rel->server);
            return buf;
        }
        name = server ? rel->server : rel->client;
        if (!name)
            name = rel->client ? rel->client : rel->server;
    }
    if (name && os->service_pack)
        snprintf(buf, len, "%s SP%u", name, os->service_pack);
    else if (name)
        snprintf(buf, len, "%s", name);
    else if (os->build)
        snprintf(buf, len, "Windows %u.%u build %u", os->major, os->minor,
                 os->build);
    else if (os->major)
        snprintf(buf, len, "Windows %u.%u", os->major, os->minor);
    else
        snprintf(buf, len, "unknown");
    return buf;
}

/* ---- --os ---- */

static const struct named {
    const char *name;
    unsigned build, sp;
    reglint_os_role role;
} named[] = {
    /* Server 2008 RTM is build 6001 and says "Service Pack 1" itself. */
    {"2008", 6001, 1, REGLINT_ROLE_SERVER},
    {"2008sp2", 6002, 2, REGLINT_ROLE_SERVER},
    {"2008r2", 7601, 1, REGLINT_ROLE_SERVER},
    {"2008r2sp1", 7601, 1, REGLINT_ROLE_SERVER},
    {"2012", 9200, 0, REGLINT_ROLE_SERVER},
    {"2012r2", 9600, 0, REGLINT_ROLE_SERVER},
    {"2016", 14393, 0, REGLINT_ROLE_SERVER},
    {"2019", 17763, 0, REGLINT_ROLE_SERVER},
    {"2022", 20348, 0, REGLINT_ROLE_SERVER},
    {"2025", 26100, 0, REGLINT_ROLE_SERVER},
    {"vista", 6002, 2, REGLINT_ROLE_CLIENT},
    {"7", 7601, 1, REGLINT_ROLE_CLIENT},
    {"8", 9200, 0, REGLINT_ROLE_CLIENT},
    {"8.1", 9600, 0, REGLINT_ROLE_CLIENT},
    {"10", 19045, 0, REGLINT_ROLE_CLIENT},
    {"11", 26100, 0, REGLINT_ROLE_CLIENT},
};

static void override_fact(reglint_os *os, reglint_os_fact f, const char *spec)
{
    reglint_fact_origin *o = &os->fact[f];
    memset(o, 0, sizeof *o);
    o->known = 1;
    snprintf(o->where, sizeof o->where, "--os %s", spec);
}

int reglint_os_override(reglint_os *os, const char *spec)
{
    char s[64];
    if (!spec || strlen(spec) >= sizeof s || !*spec)
        return reglint__fail(EINVAL, "--os: empty or too long");
    snprintf(s, sizeof s, "%s", spec);
    for (char *c = s; *c; c++)
        *c = (char)tolower((unsigned char)*c);

    reglint_os_arch arch = REGLINT_ARCH_UNKNOWN;
    char *slash = strchr(s, '/');
    if (slash) {
        *slash++ = '\0';
        if (strcmp(slash, "x86") == 0)
            arch = REGLINT_ARCH_X86;
        else if (strcmp(slash, "x64") == 0 || strcmp(slash, "amd64") == 0)
            arch = REGLINT_ARCH_X64;
        else if (strcmp(slash, "arm64") == 0)
            arch = REGLINT_ARCH_ARM64;
        else
            return reglint__fail(EINVAL, "--os %s: '%s' is not x86, x64 or "
                                 "arm64", spec, slash);
    }

    reglint_os_role role = REGLINT_ROLE_UNKNOWN;
    const char *body = s;
    char *colon = strchr(s, ':');
    if (colon) {
        *colon = '\0';
        if (strcmp(s, "server") == 0)
            role = REGLINT_ROLE_SERVER;
        else if (strcmp(s, "client") == 0)
            role = REGLINT_ROLE_CLIENT;
        else if (strcmp(s, "dc") == 0)
            role = REGLINT_ROLE_DC;
        else
            return reglint__fail(EINVAL, "--os %s: '%s' is not server, "
                                 "client or dc", spec, s);
        body = colon + 1;
    } else {
        /* "win7", "windows11", "server2019", "ws2012r2", "server17763" */
        static const struct {
            const char *word;
            reglint_os_role role;
        } prefixes[] = {{"windows", REGLINT_ROLE_UNKNOWN},
                        {"win", REGLINT_ROLE_UNKNOWN},
                        {"server", REGLINT_ROLE_SERVER},
                        {"ws", REGLINT_ROLE_SERVER}};
        for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
            size_t pl = strlen(prefixes[i].word);
            if (strncmp(body, prefixes[i].word, pl) == 0 && body[pl]) {
                body += pl;
                if (*body == '-' || *body == ' ')
                    body++;
                role = prefixes[i].role;
                break;
            }
        }
    }

    unsigned build = 0, ubr = 0, major = 0, minor = 0, sp = 0;
    bool have_ubr = false, have_sp = false, have_version = false;
    const struct named *nm = NULL;
    for (size_t i = 0; i < sizeof named / sizeof *named; i++)
        if (strcmp(body, named[i].name) == 0)
            nm = &named[i];
    if (nm) {
        build = nm->build;
        sp = nm->sp;
        have_sp = true;
        /* "dc:2019": the role given wins over the release's. */
        if (!role)
            role = nm->role;
    } else {
        unsigned nums[4];
        int n = parse_dotted(body, nums);
        if (n == 1 && nums[0] >= 6000) {
            build = nums[0];
        } else if (n >= 3) {
            major = nums[0];
            minor = nums[1];
            build = nums[2];
            have_version = true;
            if (n == 4) {
                ubr = nums[3];
                have_ubr = true;
            }
        } else {
            return reglint__fail(EINVAL, "--os %s: not a release name "
                                 "(2012r2, 2019, 7, 11, ...), a version "
                                 "(6.3.9600) or ROLE:BUILD (server:17763)",
                                 spec);
        }
    }

    bool other_build = build != os->build;
    if (other_build && os->fact[REGLINT_FACT_DISPLAY_VERSION].origin.source) {
        /* "22H2" read from the image names the image's build, not this. */
        os->display_version[0] = '\0';
        memset(&os->fact[REGLINT_FACT_DISPLAY_VERSION], 0, sizeof os->fact[0]);
    }
    os->build = build;
    override_fact(os, REGLINT_FACT_BUILD, spec);
    if (have_version) {
        os->major = major;
        os->minor = minor;
    } else {
        version_from_build(os);
    }
    override_fact(os, REGLINT_FACT_VERSION, spec);
    if (have_ubr) {
        os->ubr = ubr;
        override_fact(os, REGLINT_FACT_UBR, spec);
    } else if (other_build && os->fact[REGLINT_FACT_UBR].origin.source) {
        /* A UBR read from the image belongs to the image's build. */
        os->ubr = 0;
        memset(&os->fact[REGLINT_FACT_UBR], 0, sizeof os->fact[0]);
    }
    if (have_sp) {
        os->service_pack = sp;
        override_fact(os, REGLINT_FACT_SERVICE_PACK, spec);
    }
    if (role) {
        os->role = role;
        override_fact(os, REGLINT_FACT_ROLE, spec);
    }
    if (arch) {
        os->arch = arch;
        override_fact(os, REGLINT_FACT_ARCH, spec);
    }
    char name[128];
    reglint_os_release_name(os, name, sizeof name);
    snprintf(os->product_name, sizeof os->product_name, "%s", name);
    override_fact(os, REGLINT_FACT_PRODUCT_NAME, spec);
    return 0;
}
