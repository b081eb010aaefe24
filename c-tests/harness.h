/*
 * A very small test harness for the C tests.
 *
 * A test is a function `static void name(void)` run by RUN(name); CHECK failures are
 * counted against the running test and reported with file and line. harness_finish()
 * prints the closing "N passed, N failed" line and returns the exit status.
 *
 * When SIPSEC_EXPECT_ASAN=1 is set, harness_start() fails unless the program was really
 * built with AddressSanitizer, so a build that silently lost the sanitizer cannot pass.
 */
#ifndef SIPSEC_HARNESS_H
#define SIPSEC_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sipsec.h>

#if defined(__SANITIZE_ADDRESS__)
#define HARNESS_HAS_ASAN 1
#else
#define HARNESS_HAS_ASAN 0
#endif

static int harness_tests_passed;
static int harness_tests_failed;
static int harness_current_failures;
static const char *harness_current_name = "";

#define CHECK(cond)                                                                \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__, __LINE__,  \
                    harness_current_name, #cond);                                  \
            harness_current_failures++;                                            \
        }                                                                          \
    } while (0)

/* Checks a status and, on a mismatch, prints both names and the last error message. */
#define CHECK_STATUS(expr, expected)                                               \
    do {                                                                           \
        sipsec_status harness_got_ = (expr);                                       \
        if (harness_got_ != (expected)) {                                          \
            /* Copy the reason first: every later sipsec call clears it. */        \
            char harness_reason_[512];                                             \
            snprintf(harness_reason_, sizeof harness_reason_, "%s",                \
                     sipsec_last_error_message());                                 \
            fprintf(stderr, "%s:%d: %s: %s gave %d (%s), expected %d (%s): %s\n",  \
                    __FILE__, __LINE__, harness_current_name, #expr,               \
                    (int)harness_got_, sipsec_status_str(harness_got_),            \
                    (int)(expected), sipsec_status_str(expected),                  \
                    harness_reason_);                                              \
            harness_current_failures++;                                            \
        }                                                                          \
    } while (0)

#define CHECK_STR(actual, expected)                                                \
    do {                                                                           \
        const char *harness_a_ = (actual);                                         \
        const char *harness_e_ = (expected);                                       \
        if (harness_a_ == NULL || strcmp(harness_a_, harness_e_) != 0) {           \
            fprintf(stderr, "%s:%d: %s: got \"%s\", expected \"%s\"\n", __FILE__,  \
                    __LINE__, harness_current_name,                                \
                    harness_a_ ? harness_a_ : "(null)", harness_e_);               \
            harness_current_failures++;                                            \
        }                                                                          \
    } while (0)

#define RUN(test)                                                                  \
    do {                                                                           \
        harness_current_name = #test;                                              \
        harness_current_failures = 0;                                              \
        test();                                                                    \
        if (harness_current_failures == 0) {                                       \
            harness_tests_passed++;                                                \
        } else {                                                                   \
            harness_tests_failed++;                                                \
            fprintf(stderr, "FAILED: %s\n", #test);                                \
        }                                                                          \
    } while (0)

static inline void harness_start(void)
{
    const char *expect = getenv("SIPSEC_EXPECT_ASAN");
    if (expect != NULL && strcmp(expect, "1") == 0 && !HARNESS_HAS_ASAN) {
        fprintf(stderr, "SIPSEC_EXPECT_ASAN=1 but this program lacks AddressSanitizer\n");
        exit(2);
    }
}

/* Whether a long-running test should cut its loop counts (set under valgrind). */
static inline int harness_quick(void)
{
    const char *quick = getenv("SIPSEC_QUICK");
    return quick != NULL && strcmp(quick, "1") == 0;
}

static inline int harness_finish(void)
{
    printf("%d passed, %d failed\n", harness_tests_passed, harness_tests_failed);
    return harness_tests_failed == 0 ? 0 : 1;
}

#endif
