/* schannel.c — (being written) */
#include "rules_model.h"
