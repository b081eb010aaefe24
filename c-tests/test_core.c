/* The conventions shared by every export: status strings, version, last error. */
#include "harness.h"

static void status_strings_are_static_and_total(void)
{
    CHECK_STR(sipsec_status_str(SIPSEC_OK), "success");
    CHECK_STR(sipsec_status_str(SIPSEC_ERR_BUFFER_TOO_SMALL), "output buffer too small");
    CHECK_STR(sipsec_status_str(-1), "unknown status code");
    CHECK_STR(sipsec_status_str(0x7fffffff), "unknown status code");
    CHECK(sipsec_status_str(SIPSEC_OK) == sipsec_status_str(SIPSEC_OK));
}

static void version_matches_header_macros(void)
{
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", SIPSEC_VERSION_MAJOR,
             SIPSEC_VERSION_MINOR, SIPSEC_VERSION_PATCH);
    CHECK_STR(sipsec_version(), expected);
}

static void last_error_is_empty_after_success(void)
{
    sipsec_validation_limits limits;
    CHECK_STATUS(sipsec_validation_limits_default(NULL), SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_validation_limits_default(&limits), SIPSEC_OK);
    CHECK_STR(sipsec_last_error_message(), "");
    CHECK_STATUS(sipsec_last_error_status(), SIPSEC_OK);
}

/* The static-text getters report no status, so they must not wipe the reason of the
 * failure before them; and a message pointer already taken stays readable across later
 * successful calls, whatever order C evaluates printf arguments in. */
static void last_error_survives_static_getters(void)
{
    sipsec_validation_limits limits;
    const char *held;
    CHECK_STATUS(sipsec_validation_limits_default(NULL), SIPSEC_ERR_NULL_POINTER);
    held = sipsec_last_error_message();
    CHECK(strstr(held, "must not be NULL") != NULL);
    (void)sipsec_status_str(SIPSEC_ERR_NULL_POINTER);
    (void)sipsec_digest_reason_str(SIPSEC_DIGEST_REASON_MALFORMED);
    (void)sipsec_validation_code_word(1);
    (void)sipsec_version();
    CHECK_STR(sipsec_last_error_message(), held);
    CHECK_STATUS(sipsec_last_error_status(), SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_validation_limits_default(&limits), SIPSEC_OK);
    CHECK(strstr(held, "must not be NULL") != NULL);
    CHECK_STR(sipsec_last_error_message(), "");
}

int main(void)
{
    harness_start();
    RUN(status_strings_are_static_and_total);
    RUN(version_matches_header_macros);
    RUN(last_error_is_empty_after_success);
    RUN(last_error_survives_static_getters);
    return harness_finish();
}
