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
    (void)sipsec_version();
    CHECK_STR(sipsec_last_error_message(), "");
    CHECK_STATUS(sipsec_last_error_status(), SIPSEC_OK);
}

int main(void)
{
    harness_start();
    RUN(status_strings_are_static_and_total);
    RUN(version_matches_header_macros);
    RUN(last_error_is_empty_after_success);
    return harness_finish();
}
