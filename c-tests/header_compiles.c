/* Compiled as C99, C11 and C++ with every warning an error: the header must stay clean. */
#include <sipsec.h>

int sipsec_header_compiles(void);

int sipsec_header_compiles(void)
{
    sipsec_status status = SIPSEC_OK;
    return (int)status + SIPSEC_VERSION_MAJOR;
}

/* Only sipsec-prefixed names belong to the C API; internal SRTP constants such as
 * `1 << 48` would also overflow `int` in C. */
#if defined(SRTP_KEY_LIMIT) || defined(SRTCP_KEY_LIMIT) || defined(SRTP_INDEX_LIMIT) || \
    defined(DEFAULT_WINDOW) || defined(MIN_WINDOW) || defined(MAX_WINDOW) ||            \
    defined(RTP_HEADER_LEN) || defined(RTCP_HEADER_LEN) || defined(SRTCP_INDEX_MAX) ||  \
    defined(DEFAULT_MAX_STREAMS) || defined(MAX_MKI_LEN) || defined(MAX_TRAILER_LEN)
#error "sipsec.h defines a name outside the sipsec namespace"
#endif
