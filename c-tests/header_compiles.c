/* Compiled as C99, C11 and C++ with every warning an error: the header must stay clean. */
#include <sipsec.h>

int sipsec_header_compiles(void);

int sipsec_header_compiles(void)
{
    sipsec_status status = SIPSEC_OK;
    return (int)status + SIPSEC_VERSION_MAJOR;
}
