/*
** rules_model.h — the compiled form of rule files, shared by the loader
** (rules_load.c: YAML -> this), the evaluator (rules_eval.c, this + a view
** -> results), the Schannel state (schannel.c) and the built-in checks
** (rules_builtin.c).  Not installed.
**
** Everything a rule set holds lives in its arena and is freed at once.
** Key paths are stored normalised (reglint_path_normalize: full root
** name, single backslashes); they may still say CurrentControlSet, which
** the view maps.  A path component may be a glob ('*', '?') where the
** format allows one.
*/
#ifndef REGLINT_RULES_MODEL_H
#define REGLINT_RULES_MODEL_H

#include "internal.h"

/* Where something was written in a rule file (1-based; 0 = unknown). */
typedef struct src_loc {
    const char *file;
    unsigned line, col;
} src_loc;

/* A set of builds: inclusive ranges.  n == 0 means any build. */
typedef struct build_range {
    unsigned lo, hi;
} build_range;
typedef struct build_set {
    build_range *r;
    size_t n;
} build_set;

enum cond_role { ROLE_ANY = 0, ROLE_CLIENT, ROLE_SERVER };  /* dc = server */
enum cond_bits { BITS_ANY = 0, BITS_32, BITS_64 };

/* One condition on OS facts; all of its parts must hold. */
typedef struct cond {
    build_set builds;
    int role;   /* enum cond_role */
    int bits;   /* enum cond_bits */
} cond;
/* Any of several conditions.  n == 0 means always. */
typedef struct conds {
    cond *c;
    size_t n;
} conds;

typedef enum expect_kind {
    EX_NONE = 0,        /* only the type is checked                 */
    EX_EQUALS,          /* num (or str for string types)             */
    EX_ONE_OF,          /* nums                                      */
    EX_NONZERO,
    EX_BITS,            /* set_bits all set, clear_bits all clear    */
    EX_MIN,             /* num <= data                               */
    EX_TOKENS_EXCLUDE   /* string data: no token (split on , _ and
                           blanks) equal to or starting with one of
                           tokens, case-insensitively                */
} expect_kind;

typedef struct expectation {
    expect_kind kind;
    uint64_t num;
    const char *str;           /* EX_EQUALS on a string type          */
    const uint64_t *nums;
    size_t nnums;
    uint64_t set_bits, clear_bits;
    const char *const *tokens;
    size_t ntokens;
} expectation;

/* What a result is when a value is absent (or present with a type
** Windows ignores), per OS condition; the first case whose condition
** holds applies. */
typedef struct absent_case {
    conds when;                 /* n == 0: always                        */
    reglint_verdict result;     /* pass, fail, unknown, n/a              */
    bool use_default;           /* result: default -- test default_num   */
    uint64_t default_num;
    int severity;               /* 0: the rule's                         */
    const char *reason;         /* may be NULL                           */
    src_loc loc;
} absent_case;
typedef struct absent_rule {
    absent_case *c;
    size_t n;                   /* n == 0 (or no case holds): fail       */
} absent_rule;

typedef enum test_kind {
    T_VALUE = 1,      /* one value in one or more keys                    */
    T_KEY_EXISTS,     /* any of keys exists (last component may glob)     */
    T_KEY_ABSENT,     /* none of keys exists                              */
    T_PROTOCOL,       /* effective Schannel state of a protocol role      */
    T_ALL_OF,
    T_ANY_OF,
    T_BUILTIN
} test_kind;

typedef enum builtin_kind {
    B_VALUE_TYPES = 1,    /* REG-TYPE                                     */
    B_KEY_NAMES,          /* REG-KEYNAME                                  */
    B_VALUE_RANGE,        /* REG-RANGE                                    */
    B_CONTRADICTIONS,     /* REG-CONTRADICT                               */
    B_CONTROL_SET_DRIFT,  /* REG-CCS-DRIFT                                */
    B_SQL_SERVER_BUILDS,  /* AP-SQL-TLS12                                 */
    B_KEY_PATHS,          /* REG-KEYPATH                                  */
    B_VIEW_TWINS          /* REG-WOW-TWIN                                 */
} builtin_kind;

/* Bits of a protocol state mask: 1u << reglint_protocol_state. */
#define STATE_BIT(s) (1u << (s))

/* Protocol test: what a result is when the values are not both set
** explicitly, per effective state. */
typedef struct implicit_case {
    unsigned states;            /* STATE_BIT mask                         */
    reglint_verdict result;
    int severity;               /* 0: the rule's                          */
    const char *reason;
} implicit_case;

/* REG-KEYNAME: one watched key (components may be '*'). */
typedef struct name_watch {
    const char *key;
    const char *const *subkeys;      size_t nsubkeys;      /* closed set */
    const char *const *values;       size_t nvalues;       /* closed set */
    const char *const *near_subkeys; size_t nnear_subkeys; /* near only  */
    const char *const *near_values;  size_t nnear_values;  /* near only  */
} name_watch;

/* REG-RANGE: values under keys (components may be '*'). */
typedef struct range_watch {
    const char *key;
    const char *const *names;
    size_t nnames;
} range_watch;
typedef struct range_exception {
    const char *value;          /* value name                             */
    uint64_t equals;
    int severity;
    const char *reason;
} range_exception;

/* AP-SQL-TLS12: builds are a.b.c.d, compared part by part. */
typedef struct sql_version {
    unsigned part[4];
} sql_version;
typedef struct sql_branch {
    const char *name;           /* "2014 SP1 CU"                          */
    sql_version from, to;       /* from <= build < to                     */
    bool has_min;               /* false: no build of the branch has it   */
    sql_version min;
} sql_branch;

/* REG-KEYPATH: Windows reads a key of one of these names only directly
** under one of `at`; one anywhere else below a `look` key is misplaced,
** unless it is at or below an `except` key, where a key of that name is
** something else (the Schannel event source under EventLog).  Paths may
** glob ('*', '?'); CurrentControlSet in them stands for every control
** set, since each is what Windows reads when it boots from it. */
typedef struct key_place {
    const char *const *names;  size_t nnames;
    const char *const *at;     size_t nat;
    const char *const *look;   size_t nlook;
    const char *const *except; size_t nexcept;
} key_place;

/* What `reglint check` loads for a builtin that says so itself: the key
** and the levels below it (REGLINT_SCOPE_SUBTREE: all). */
typedef struct scope_read {
    const char *key;
    int depth;
} scope_read;

/* REG-WOW-TWIN: a key of the 64-bit view, its WOW6432Node twin, and the
** values that must be alike in both. */
typedef struct view_twin {
    const char *native, *wow;
    const char *const *names;
    size_t nnames;
} view_twin;

typedef struct builtin_params {
    /* B_KEY_NAMES */
    name_watch *watch;
    size_t nwatch;
    /* B_VALUE_RANGE, B_CONTRADICTIONS (keys only) */
    range_watch *range;
    size_t nrange;
    const uint64_t *allowed;
    size_t nallowed;
    range_exception *exceptions;
    size_t nexceptions;
    /* B_CONTROL_SET_DRIFT: path below ControlSetNNN, e.g.
    ** "Control\SecurityProviders\SCHANNEL" */
    const char *subtree;
    /* B_SQL_SERVER_BUILDS */
    const char *const *instance_roots;  /* ...\Microsoft SQL Server      */
    size_t nroots;
    sql_version pass_from;              /* this and later pass           */
    sql_branch *branches;
    size_t nbranches;
    const sql_version *flagged;
    size_t nflagged;
    /* B_KEY_PATHS */
    key_place *places;
    size_t nplaces;
    scope_read *reads;
    size_t nreads;
    /* B_VIEW_TWINS */
    view_twin *twins;
    size_t ntwins;
} builtin_params;

typedef struct rule_test {
    test_kind kind;
    conds applies;              /* a sub-test whose condition is false is
                                   n/a and left out of all-of / any-of    */
    src_loc loc;
    /* T_VALUE, T_KEY_EXISTS, T_KEY_ABSENT */
    const char *const *keys;
    size_t nkeys;
    /* T_VALUE: every key is tested; the worst result is the test's */
    const char *value;          /* "" = the default value                 */
    uint32_t type;              /* expected type (REG_DWORD by default)   */
    expectation expect;
    absent_rule absent;
    bool has_key_absent;        /* the key itself absent: this result    */
    reglint_verdict key_absent;
    const char *key_absent_reason;
    /* T_PROTOCOL */
    const char *protocol;       /* "TLS 1.2"                              */
    const char *role;           /* "Client" / "Server"                    */
    unsigned states;            /* expected effective states; 0: none given */
    int explicit_state;         /* 0 none, 1 enabled (Enabled=1 and
                                   DisabledByDefault=0 both set), 2
                                   disabled (Enabled=0, DisabledByDefault=1) */
    implicit_case *implicit;
    size_t nimplicit;
    /* T_ALL_OF, T_ANY_OF */
    struct rule_test *sub;
    size_t nsub;
    /* T_BUILTIN */
    builtin_kind builtin;
    builtin_params params;
} rule_test;

/* A condition that raises (or lowers) a failed rule's severity. */
typedef struct escalation {
    rule_test when;             /* a T_VALUE test; passing = escalate     */
    int severity;
    const char *reason;
} escalation;

typedef struct rule {
    reglint_rule_info info;     /* what reglint_rules_at() returns        */
    src_loc loc;
    conds applies;
    rule_test test;
    escalation *escalate;       /* NULL: none                             */
} rule;

typedef enum default_state {
    DEF_UNKNOWN = 0,            /* the table gives no default             */
    DEF_ENABLED,
    DEF_DISABLED,
    DEF_UNSUPPORTED
} default_state;

/* One row of the Schannel default table: for builds (and a role), each
** protocol's default for client [0] and server [1]. */
#define MAX_PROTOCOLS 16
typedef struct default_row {
    build_set builds;
    int role;                   /* enum cond_role */
    const char *release;        /* "Windows 8 / Server 2012 ..."          */
    default_state state[MAX_PROTOCOLS][2];
} default_row;

struct reglint_rules {
    arena mem;
    rule *rules;                /* malloc'd array                         */
    size_t n, cap;
    const char **profiles;      /* malloc'd array of arena strings        */
    size_t nprofiles;
    /* the default table (the last one loaded) */
    const char *protocols[MAX_PROTOCOLS];
    size_t nprotocols;
    default_row *rows;          /* arena */
    size_t nrows;
    const char *defaults_ref;   /* its reference, for reasons             */
};

/* rules_load.c */
/* Does build set bs contain build b? */
bool build_set_has(const build_set *bs, unsigned b);

/* schannel.c: the default for protocol index p, role 0 client / 1
** server, on os; DEF_UNKNOWN when the build or role is unknown or the
** table says nothing. *row gets the row used (may be NULL). */
default_state schannel_default(const reglint_rules *rs, const reglint_os *os,
                               size_t p, int server, const default_row **row);

#endif
