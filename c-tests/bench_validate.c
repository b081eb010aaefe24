/*
 * Full-message validation throughput: sipsec_validate_message against libosip2's
 * osip_message_parse over the same mix (REGISTER, INVITE with SDP, 200 OK), in one run.
 * Prints messages/s and MB/s for both and the ratio. Asserts nothing.
 */
#define _POSIX_C_SOURCE 199309L
#include <osipparser2/osip_parser.h>
#include <sipsec.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const MIX[] = {
    "REGISTER sip:registrar.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport\r\n"
    "Max-Forwards: 70\r\n"
    "To: Alice <sip:alice@example.com>\r\n"
    "From: Alice <sip:alice@example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.example.com\r\n"
    "CSeq: 314159 REGISTER\r\n"
    "Contact: <sip:alice@192.0.2.10:5060;transport=udp>;expires=3600\r\n"
    "User-Agent: sipsec-bench/1.0\r\n"
    "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE\r\n"
    "Content-Length: 0\r\n"
    "\r\n",

    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8\r\n"
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK77ef4c2312983.1;received=192.0.2.101\r\n"
    "Max-Forwards: 69\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
    "Record-Route: <sip:proxy.example.com;lr>\r\n"
    "Supported: replaces, timer\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 149\r\n"
    "\r\n"
    "v=0\r\n"
    "o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com\r\n"
    "s=-\r\n"
    "c=IN IP4 192.0.2.101\r\n"
    "t=0 0\r\n"
    "m=audio 49172 RTP/AVP 0\r\n"
    "a=rtpmap:0 PCMU/8000\r\n",

    "SIP/2.0 200 OK\r\n"
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport=5060;received=192.0.2.10\r\n"
    "To: Alice <sip:alice@example.com>;tag=37GkEhwl6\r\n"
    "From: Alice <sip:alice@example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.example.com\r\n"
    "CSeq: 314159 REGISTER\r\n"
    "Contact: <sip:alice@192.0.2.10:5060;transport=udp>;expires=3600\r\n"
    "Date: Sat, 13 Nov 2010 23:29:00 GMT\r\n"
    "Content-Length: 0\r\n"
    "\r\n",
};

#define MIX_COUNT (sizeof MIX / sizeof MIX[0])

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t mix_bytes(void)
{
    size_t total = 0;
    for (size_t i = 0; i < MIX_COUNT; i++) {
        total += strlen(MIX[i]);
    }
    return total;
}

static double run_sipsec(long rounds)
{
    double start = now_seconds();
    for (long r = 0; r < rounds; r++) {
        for (size_t i = 0; i < MIX_COUNT; i++) {
            sipsec_validation_report *report = NULL;
            sipsec_status status = sipsec_validate_message((const uint8_t *)MIX[i],
                                                           strlen(MIX[i]), NULL, &report);
            if (status != SIPSEC_OK) {
                fprintf(stderr, "message %zu rejected: %s\n", i, sipsec_last_error_message());
                exit(1);
            }
            sipsec_validation_report_free(report);
        }
    }
    return now_seconds() - start;
}

static double run_osip(long rounds)
{
    double start = now_seconds();
    for (long r = 0; r < rounds; r++) {
        for (size_t i = 0; i < MIX_COUNT; i++) {
            osip_message_t *message = NULL;
            osip_message_init(&message);
            if (osip_message_parse(message, MIX[i], strlen(MIX[i])) != 0) {
                fprintf(stderr, "libosip2 rejected message %zu\n", i);
                exit(1);
            }
            osip_message_free(message);
        }
    }
    return now_seconds() - start;
}

static void print(const char *name, double rate)
{
    printf("%-10s %10.0f msg/s %8.1f MB/s\n", name, rate,
           rate / (double)MIX_COUNT * (double)mix_bytes() / 1e6);
}

int main(int argc, char **argv)
{
    long rounds = argc > 1 ? atol(argv[1]) : 200000;
    int trials = 7;
    parser_init();

    /* The machine is shared: alternate the two in short trials and keep each one's best,
     * so that load from elsewhere does not decide the ratio. */
    double sipsec_rate = 0.0;
    double osip_rate = 0.0;
    for (int trial = 0; trial < trials; trial++) {
        double messages = (double)(rounds / trials) * (double)MIX_COUNT;
        double rate = messages / run_sipsec(rounds / trials);
        sipsec_rate = rate > sipsec_rate ? rate : sipsec_rate;
        rate = messages / run_osip(rounds / trials);
        osip_rate = rate > osip_rate ? rate : osip_rate;
    }
    printf("mix of %zu messages, %zu bytes; best of %d trials of %ld rounds\n", MIX_COUNT,
           mix_bytes(), trials, rounds / trials);
    print("sipsec", sipsec_rate);
    print("libosip2", osip_rate);
    printf("ratio sipsec/libosip2: %.2fx\n", sipsec_rate / osip_rate);
    return 0;
}
