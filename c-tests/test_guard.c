/* The guard exports: Via received/rport rewrite and the rate limiter handle. */
#include "harness.h"

#include <pthread.h>
#include <stdbool.h>

#define SECOND_NS 1000000000ull

static sipsec_status rewrite(const char *via, const char *ip, uint16_t port, char *out,
                             size_t cap, size_t *out_len)
{
    return sipsec_via_received_rport(via, strlen(via), ip, strlen(ip), port, out, cap,
                                     out_len);
}

static void rport_and_received_are_added(void)
{
    char out[256];
    size_t len = 0;
    const char *expected =
        "SIP/2.0/UDP 10.1.1.1:4540;rport=9988;branch=z9hG4bKkjshdyff;received=192.0.2.1";

    CHECK_STATUS(rewrite("SIP/2.0/UDP 10.1.1.1:4540;rport;branch=z9hG4bKkjshdyff",
                         "192.0.2.1", 9988, out, sizeof out, &len),
                 SIPSEC_OK);
    CHECK_STR(out, expected);
    CHECK(len == strlen(expected));
}

static void ipv6_is_compared_numerically(void)
{
    char out[256];
    size_t len = 0;

    CHECK_STATUS(rewrite("SIP/2.0/UDP [2001:db8::1];branch=x", "2001:DB8:0:0:0:0:0:1", 5060,
                         out, sizeof out, &len),
                 SIPSEC_OK);
    CHECK_STR(out, "SIP/2.0/UDP [2001:db8::1];branch=x");

    CHECK_STATUS(rewrite("SIP/2.0/UDP [2001:db8::1];branch=x", "[2001:db8::2]", 5060, out,
                         sizeof out, &len),
                 SIPSEC_OK);
    CHECK_STR(out, "SIP/2.0/UDP [2001:db8::1];branch=x;received=2001:db8::2");
}

static void errors_have_their_statuses_and_leave_the_buffer(void)
{
    char out[64] = "untouched";
    size_t len = 7;

    CHECK_STATUS(rewrite("SIP/2.0/UDP h.example;received=10.0.0.9", "10.0.0.1", 5060, out,
                         sizeof out, &len),
                 SIPSEC_ERR_VIA_MISMATCH);
    CHECK(strstr(sipsec_last_error_message(), "10.0.0.9") != NULL);
    CHECK_STATUS(rewrite("SIP/2.0/UDP 10.0.0.1;rport=1", "10.0.0.1", 2, out, sizeof out, &len),
                 SIPSEC_ERR_VIA_MISMATCH);
    CHECK_STATUS(rewrite("SIP/2.0/UDP 10.0.0.1 junk", "10.0.0.1", 1, out, sizeof out, &len),
                 SIPSEC_ERR_VIA_MALFORMED);
    CHECK(strstr(sipsec_last_error_message(), "byte 21") != NULL);
    CHECK_STATUS(rewrite("SIP/2.0/UDP 10.0.0.1", "10.0.0.999", 1, out, sizeof out, &len),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(sipsec_via_received_rport("\xff", 1, "10.0.0.1", 8, 1, out, sizeof out, &len),
                 SIPSEC_ERR_INVALID_UTF8);
    CHECK_STR(out, "untouched");
    CHECK(len == 7);
}

static void a_buffer_one_byte_short_reports_the_size(void)
{
    const char *via = "SIP/2.0/UDP 10.0.0.1;rport";
    const char *expected = "SIP/2.0/UDP 10.0.0.1;rport=5060;received=192.0.2.1";
    size_t needed = strlen(expected) + 1;
    char *exact = malloc(needed);
    char *short_by_one = malloc(needed - 1);
    size_t len = 0;

    CHECK(exact != NULL && short_by_one != NULL);
    memset(short_by_one, 'x', needed - 1);
    CHECK_STATUS(rewrite(via, "192.0.2.1", 5060, short_by_one, needed - 1, &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len == needed);
    CHECK(short_by_one[0] == 'x');
    CHECK_STATUS(rewrite(via, "192.0.2.1", 5060, exact, needed, &len), SIPSEC_OK);
    CHECK_STR(exact, expected);
    CHECK(len == needed - 1);
    free(exact);
    free(short_by_one);
}

static void via_null_pointers_are_refused(void)
{
    char out[64];
    size_t len = 0;

    CHECK_STATUS(sipsec_via_received_rport(NULL, 5, "10.0.0.1", 8, 1, out, sizeof out, &len),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_via_received_rport("SIP/2.0/UDP h", 13, NULL, 8, 1, out, sizeof out,
                                           &len),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_via_received_rport("SIP/2.0/UDP h", 13, "10.0.0.1", 8, 1, NULL,
                                           sizeof out, &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len == strlen("SIP/2.0/UDP h;received=10.0.0.1") + 1);
    CHECK_STATUS(sipsec_via_received_rport("SIP/2.0/UDP h", 13, "10.0.0.1", 8, 1, out,
                                           sizeof out, NULL),
                 SIPSEC_ERR_NULL_POINTER);
    /* (NULL, 0) is the empty Via and the empty address. */
    CHECK_STATUS(sipsec_via_received_rport(NULL, 0, "10.0.0.1", 8, 1, out, sizeof out, &len),
                 SIPSEC_ERR_VIA_MALFORMED);
    CHECK_STATUS(sipsec_via_received_rport("SIP/2.0/UDP h", 13, NULL, 0, 1, out, sizeof out,
                                           &len),
                 SIPSEC_ERR_INVALID_ARGUMENT);
}

static void limiter_allows_the_burst_then_the_rate(void)
{
    sipsec_rate_limiter *limiter = NULL;
    bool allowed = false;
    int granted = 0;
    int i;

    CHECK_STATUS(sipsec_rate_limiter_new(10.0, 5.0, 1000, 64, &limiter), SIPSEC_OK);
    for (i = 0; i < 8; i++) {
        CHECK_STATUS(sipsec_rate_limiter_allow_at(limiter, "192.0.2.10", 10, SECOND_NS,
                                                  &allowed),
                     SIPSEC_OK);
        granted += allowed ? 1 : 0;
    }
    CHECK(granted == 5);
    CHECK_STATUS(sipsec_rate_limiter_would_allow(limiter, "192.0.2.11", 10, &allowed),
                 SIPSEC_OK);
    CHECK(allowed);
    CHECK_STATUS(sipsec_rate_limiter_allow_at(limiter, "192.0.2.10", 10,
                                              SECOND_NS + SECOND_NS / 10, &allowed),
                 SIPSEC_OK);
    CHECK(allowed);
    CHECK_STATUS(sipsec_rate_limiter_allow(limiter, "[2001:db8::1]", 13, &allowed), SIPSEC_OK);
    CHECK(allowed);
    CHECK(sipsec_rate_limiter_tracked_sources(limiter) == 2);
    CHECK(sipsec_rate_limiter_bytes_per_source(limiter) >= 24);
    CHECK(sipsec_rate_limiter_bytes_per_source(limiter) <= 32);
    sipsec_rate_limiter_free(limiter);
}

static void limiter_table_stays_within_max_sources(void)
{
    sipsec_rate_limiter *limiter = NULL;
    bool allowed = false;
    char ip[32];
    int i;
    int count = harness_quick() ? 2000 : 50000;

    CHECK_STATUS(sipsec_rate_limiter_new(1.0, 1.0, 300, 64, &limiter), SIPSEC_OK);
    for (i = 0; i < count; i++) {
        snprintf(ip, sizeof ip, "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
        CHECK_STATUS(sipsec_rate_limiter_allow_at(limiter, ip, strlen(ip), 0, &allowed),
                     SIPSEC_OK);
    }
    CHECK(sipsec_rate_limiter_tracked_sources(limiter) == 300);
    sipsec_rate_limiter_free(limiter);
}

static void limiter_bad_arguments(void)
{
    sipsec_rate_limiter *limiter = (sipsec_rate_limiter *)&limiter;
    bool allowed = true;

    CHECK_STATUS(sipsec_rate_limiter_new(0.0, 5.0, 10, 64, &limiter),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(sipsec_rate_limiter_new(1.0, 0.5, 10, 64, &limiter),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(sipsec_rate_limiter_new(1.0, 5.0, 0, 64, &limiter),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(sipsec_rate_limiter_new(1.0, 5.0, 10, 0, &limiter),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(sipsec_rate_limiter_new(1.0, 5.0, 10, 129, &limiter),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK(limiter == (sipsec_rate_limiter *)&limiter);

    CHECK_STATUS(sipsec_rate_limiter_new(1.0, 5.0, 10, 64, &limiter), SIPSEC_OK);
    CHECK_STATUS(sipsec_rate_limiter_allow(limiter, "not an ip", 9, &allowed),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK(allowed);
    CHECK_STATUS(sipsec_rate_limiter_allow(limiter, "10.0.0.1\0", 9, &allowed),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK(sipsec_rate_limiter_tracked_sources(limiter) == 0);
    sipsec_rate_limiter_free(limiter);
}

typedef sipsec_status (*decision_fn)(const sipsec_rate_limiter *, const char *, size_t,
                                     bool *);

/* NULL in each pointer position of a decision that takes (limiter, ip, len, allowed_out). */
static void check_decision_nulls(decision_fn decide, const sipsec_rate_limiter *limiter)
{
    bool allowed = false;

    CHECK_STATUS(decide(NULL, "10.0.0.1", 8, &allowed), SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(decide(limiter, NULL, 8, &allowed), SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(decide(limiter, "10.0.0.1", 8, NULL), SIPSEC_ERR_NULL_POINTER);
}

static void limiter_null_pointers_are_refused(void)
{
    sipsec_rate_limiter *limiter = NULL;
    bool allowed = false;

    CHECK_STATUS(sipsec_rate_limiter_new(1.0, 5.0, 10, 64, NULL), SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_rate_limiter_new(1.0, 5.0, 10, 64, &limiter), SIPSEC_OK);

    check_decision_nulls(sipsec_rate_limiter_allow, limiter);
    check_decision_nulls(sipsec_rate_limiter_would_allow, limiter);
    CHECK_STATUS(sipsec_rate_limiter_allow_at(NULL, "10.0.0.1", 8, 0, &allowed),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_rate_limiter_allow_at(limiter, NULL, 8, 0, &allowed),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_rate_limiter_allow_at(limiter, "10.0.0.1", 8, 0, NULL),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK(sipsec_rate_limiter_tracked_sources(limiter) == 0);
    CHECK(sipsec_rate_limiter_tracked_sources(NULL) == 0);
    CHECK(sipsec_rate_limiter_bytes_per_source(NULL) == 0);
    sipsec_rate_limiter_free(NULL);
    sipsec_rate_limiter_free(limiter);
}

struct worker_args {
    sipsec_rate_limiter *limiter;
    int granted;
    int failures;
};

static void *hammer(void *arg)
{
    struct worker_args *args = arg;
    char ip[32];
    bool allowed = false;
    int i;

    for (i = 0; i < 2000; i++) {
        if (sipsec_rate_limiter_allow_at(args->limiter, "198.51.100.9", 12, 0, &allowed)) {
            args->failures++;
        }
        args->granted += allowed ? 1 : 0;
        snprintf(ip, sizeof ip, "203.0.%d.%d", (i >> 8) & 255, i & 255);
        if (sipsec_rate_limiter_allow_at(args->limiter, ip, strlen(ip), 0, &allowed)) {
            args->failures++;
        }
    }
    return NULL;
}

static void limiter_is_shared_between_threads(void)
{
    sipsec_rate_limiter *limiter = NULL;
    pthread_t threads[4];
    struct worker_args args[4];
    int granted = 0;
    int i;

    CHECK_STATUS(sipsec_rate_limiter_new(1.0, 100.0, 5000, 64, &limiter), SIPSEC_OK);
    for (i = 0; i < 4; i++) {
        args[i].limiter = limiter;
        args[i].granted = 0;
        args[i].failures = 0;
        CHECK(pthread_create(&threads[i], NULL, hammer, &args[i]) == 0);
    }
    for (i = 0; i < 4; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        CHECK(args[i].failures == 0);
        granted += args[i].granted;
    }
    CHECK(granted == 100);
    CHECK(sipsec_rate_limiter_tracked_sources(limiter) <= 5000);
    sipsec_rate_limiter_free(limiter);
}

int main(void)
{
    harness_start();
    RUN(rport_and_received_are_added);
    RUN(ipv6_is_compared_numerically);
    RUN(errors_have_their_statuses_and_leave_the_buffer);
    RUN(a_buffer_one_byte_short_reports_the_size);
    RUN(via_null_pointers_are_refused);
    RUN(limiter_allows_the_burst_then_the_rate);
    RUN(limiter_table_stays_within_max_sources);
    RUN(limiter_bad_arguments);
    RUN(limiter_null_pointers_are_refused);
    RUN(limiter_is_shared_between_threads);
    return harness_finish();
}
