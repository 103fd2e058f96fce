/* rules_eval.c — (being written) */
#include "rules_model.h"
