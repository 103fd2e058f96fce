/* rules_builtin.c — (being written) */
#include "rules_model.h"
