/* rules_load.c — (being written) */
#include "rules_model.h"
