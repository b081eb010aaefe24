/* SRTP throughput: sipsec beside libsrtp2 and beside an OpenSSL floor, in one process.
 *
 * One stream, protect and unprotect, 160- and 1200-octet payloads, AES_CM_128_HMAC_SHA1_80
 * and AEAD_AES_128_GCM. The OpenSSL floor is the least work the transform needs: AES-128-CTR
 * keyed once with only the IV reset per packet, plus HMAC-SHA1 from pre-keyed inner and
 * outer SHA-1 states copied per packet (plain struct copies: no allocation; OpenSSL 3.0's
 * HMAC_CTX_copy and EVP_MAC_CTX_dup allocate per copy), and EVP AES-128-GCM keyed once.
 * Then a session with 1,000 streams, to show the SSRC lookup cost is flat, and the memory
 * one stream takes. Prints figures; asserts nothing. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <sipsec.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <srtp2/srtp.h>
#include <time.h>

#define RING 1024
#define MAX_PACKET 1400
#define MIN_SECONDS 0.2
#define TRIES 3

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint8_t key_salt[30];
static uint8_t ring[RING][MAX_PACKET];
static size_t ring_len[RING];

static void make_rtp(uint8_t *p, uint16_t seq, uint32_t ssrc, size_t payload)
{
    memset(p, 0, 12);
    p[0] = 0x80;
    p[2] = (uint8_t)(seq >> 8);
    p[3] = (uint8_t)seq;
    p[8] = (uint8_t)(ssrc >> 24);
    p[9] = (uint8_t)(ssrc >> 16);
    p[10] = (uint8_t)(ssrc >> 8);
    p[11] = (uint8_t)ssrc;
    for (size_t i = 0; i < payload; i++)
        p[12 + i] = (uint8_t)i;
}

static sipsec_srtp_session *ours(const char *suite, bool outbound, size_t key_len,
                                 const sipsec_srtp_options *options)
{
    sipsec_srtp_session *session = NULL;
    if (sipsec_srtp_session_new(suite, strlen(suite), key_salt, key_len, outbound, options,
                                &session) != SIPSEC_OK) {
        fprintf(stderr, "sipsec_srtp_session_new: %s\n", sipsec_last_error_message());
        exit(1);
    }
    return session;
}

static srtp_t theirs(int gcm, srtp_ssrc_type_t type)
{
    srtp_policy_t policy;
    srtp_t session = NULL;
    memset(&policy, 0, sizeof policy);
    if (gcm) {
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
    } else {
        srtp_crypto_policy_set_rtp_default(&policy.rtp);
        srtp_crypto_policy_set_rtcp_default(&policy.rtcp);
    }
    policy.ssrc.type = type;
    policy.key = key_salt;
    policy.allow_repeat_tx = 1;
    if (srtp_create(&session, &policy) != srtp_err_status_ok) {
        fprintf(stderr, "srtp_create failed\n");
        exit(1);
    }
    return session;
}

/* Packets per second of protecting `payload`-octet packets, one stream. */
static double protect_rate(int library, const char *suite, int gcm, size_t payload)
{
    uint8_t packet[MAX_PACKET + 200], plain[MAX_PACKET];
    size_t key_len = gcm ? 28 : 30, rtp_len = 12 + payload;
    sipsec_srtp_session *tx = library == 0 ? ours(suite, true, key_len, NULL) : NULL;
    srtp_t peer = library == 1 ? theirs(gcm, ssrc_any_outbound) : NULL;
    long count = 0;
    uint16_t seq = 0;
    make_rtp(plain, 0, 0x11223344, payload);

    double start = now(), elapsed;
    do {
        for (int i = 0; i < 4096; i++, count++, seq++) {
            memcpy(packet, plain, rtp_len);
            packet[2] = (uint8_t)(seq >> 8);
            packet[3] = (uint8_t)seq;
            if (library == 0) {
                size_t len = rtp_len;
                sipsec_srtp_protect(tx, packet, &len, sizeof packet);
            } else {
                int len = (int)rtp_len;
                srtp_protect(peer, packet, &len);
            }
        }
        elapsed = now() - start;
    } while (elapsed < MIN_SECONDS);
    sipsec_srtp_session_free(tx);
    if (peer)
        srtp_dealloc(peer);
    return (double)count / elapsed;
}

/* Packets per second of unprotecting: a ring of distinct protected packets (identical
 * bytes from either library) replayed into fresh receivers, whose set-up is not timed. */
static double unprotect_rate(int library, const char *suite, int gcm, size_t payload)
{
    uint8_t packet[MAX_PACKET + 200];
    size_t key_len = gcm ? 28 : 30;
    sipsec_srtp_session *tx = ours(suite, true, key_len, NULL);
    for (int i = 0; i < RING; i++) {
        make_rtp(ring[i], (uint16_t)i, 0x11223344, payload);
        ring_len[i] = 12 + payload;
        sipsec_srtp_protect(tx, ring[i], &ring_len[i], MAX_PACKET);
    }
    sipsec_srtp_session_free(tx);

    long count = 0;
    double elapsed = 0;
    while (elapsed < MIN_SECONDS) {
        sipsec_srtp_session *rx = library == 0 ? ours(suite, false, key_len, NULL) : NULL;
        srtp_t peer = library == 1 ? theirs(gcm, ssrc_any_inbound) : NULL;
        double start = now();
        for (int i = 0; i < RING; i++, count++) {
            memcpy(packet, ring[i], ring_len[i]);
            if (library == 0) {
                size_t len = ring_len[i];
                if (sipsec_srtp_unprotect(rx, packet, &len) != SIPSEC_OK)
                    exit(1);
            } else {
                int len = (int)ring_len[i];
                if (srtp_unprotect(peer, packet, &len) != srtp_err_status_ok)
                    exit(1);
            }
        }
        elapsed += now() - start;
        sipsec_srtp_session_free(rx);
        if (peer)
            srtp_dealloc(peer);
    }
    return (double)count / elapsed;
}

/* The OpenSSL floor for AES-CM + HMAC-SHA1-80: the same work, no SRTP bookkeeping. */
static double floor_cm_rate(size_t payload)
{
    static const uint8_t key[16] = {1, 2, 3};
    uint8_t packet[MAX_PACKET + 200], plain[MAX_PACKET], iv[16] = {0}, block[64] = {0};
    uint8_t inner_digest[20], tag[20];
    size_t rtp_len = 12 + payload;
    SHA_CTX inner, outer, work;
    int out_len;

    EVP_CIPHER_CTX *ctr = EVP_CIPHER_CTX_new();
    EVP_EncryptInit_ex(ctr, EVP_aes_128_ctr(), NULL, key, iv);
    memset(block, 0x36, 64);
    SHA1_Init(&inner);
    SHA1_Update(&inner, block, 64);
    memset(block, 0x5c, 64);
    SHA1_Init(&outer);
    SHA1_Update(&outer, block, 64);
    make_rtp(plain, 0, 0x11223344, payload);

    long count = 0;
    uint32_t roc = 0;
    double start = now(), elapsed;
    do {
        for (int i = 0; i < 4096; i++, count++) {
            memcpy(packet, plain, rtp_len);
            iv[13] = (uint8_t)i;
            EVP_EncryptInit_ex(ctr, NULL, NULL, NULL, iv);
            EVP_EncryptUpdate(ctr, packet + 12, &out_len, packet + 12, (int)payload);
            work = inner;
            SHA1_Update(&work, packet, rtp_len);
            SHA1_Update(&work, &roc, 4);
            SHA1_Final(inner_digest, &work);
            work = outer;
            SHA1_Update(&work, inner_digest, 20);
            SHA1_Final(tag, &work);
            memcpy(packet + rtp_len, tag, 10);
        }
        elapsed = now() - start;
    } while (elapsed < MIN_SECONDS);
    EVP_CIPHER_CTX_free(ctr);
    return (double)count / elapsed;
}

/* The OpenSSL floor for AEAD_AES_128_GCM: EVP keyed once, IV, AAD, payload, tag. */
static double floor_gcm_rate(size_t payload)
{
    static const uint8_t key[16] = {1, 2, 3};
    uint8_t packet[MAX_PACKET + 200], plain[MAX_PACKET], iv[12] = {0};
    size_t rtp_len = 12 + payload;
    int out_len;

    EVP_CIPHER_CTX *gcm = EVP_CIPHER_CTX_new();
    EVP_EncryptInit_ex(gcm, EVP_aes_128_gcm(), NULL, key, iv);
    make_rtp(plain, 0, 0x11223344, payload);

    long count = 0;
    double start = now(), elapsed;
    do {
        for (int i = 0; i < 4096; i++, count++) {
            memcpy(packet, plain, rtp_len);
            iv[11] = (uint8_t)i;
            EVP_EncryptInit_ex(gcm, NULL, NULL, NULL, iv);
            EVP_EncryptUpdate(gcm, NULL, &out_len, packet, 12);
            EVP_EncryptUpdate(gcm, packet + 12, &out_len, packet + 12, (int)payload);
            EVP_EncryptFinal_ex(gcm, packet + rtp_len, &out_len);
            EVP_CIPHER_CTX_ctrl(gcm, EVP_CTRL_GCM_GET_TAG, 16, packet + rtp_len);
        }
        elapsed = now() - start;
    } while (elapsed < MIN_SECONDS);
    EVP_CIPHER_CTX_free(gcm);
    return (double)count / elapsed;
}

/* Protect rate over `streams` SSRCs in turn, to compare one stream with 1,000. */
static double streams_rate(int streams)
{
    uint8_t packet[MAX_PACKET + 200], plain[MAX_PACKET];
    sipsec_srtp_options options = {0};
    options.max_streams = 4096;
    sipsec_srtp_session *tx = ours("AES_CM_128_HMAC_SHA1_80", true, 30, &options);
    make_rtp(plain, 0, 0, 160);

    long count = 0;
    uint16_t seq = 0;
    double start = now(), elapsed;
    do {
        for (int i = 0; i < 4000; i++, count++) {
            uint32_t ssrc = 0x10000000u + (uint32_t)(i % streams) * 2654435761u;
            memcpy(packet, plain, 172);
            packet[2] = (uint8_t)(seq >> 8);
            packet[3] = (uint8_t)seq;
            packet[8] = (uint8_t)(ssrc >> 24);
            packet[9] = (uint8_t)(ssrc >> 16);
            packet[10] = (uint8_t)(ssrc >> 8);
            packet[11] = (uint8_t)ssrc;
            size_t len = 172;
            sipsec_srtp_protect(tx, packet, &len, sizeof packet);
            if (i % streams == streams - 1)
                seq++;
        }
        elapsed = now() - start;
    } while (elapsed < MIN_SECONDS);
    size_t count_streams = 0;
    sipsec_srtp_session_stream_count(tx, &count_streams);
    sipsec_srtp_session_free(tx);
    if ((int)count_streams != streams)
        fprintf(stderr, "expected %d streams, found %zu\n", streams, count_streams);
    return (double)count / elapsed;
}

/* Heap octets per receiving stream (replay windows of 128), from glibc's allocator. */
static double bytes_per_stream(void)
{
    sipsec_srtp_options options = {0};
    options.max_streams = 20000;
    sipsec_srtp_session *rx = ours("AES_CM_128_HMAC_SHA1_80", false, 30, &options);
    /* Large blocks are mmapped and counted in hblkhd, the rest in uordblks. */
    struct mallinfo2 before = mallinfo2();
    for (uint32_t ssrc = 1; ssrc <= 10000; ssrc++)
        sipsec_srtp_session_add_stream(rx, ssrc);
    struct mallinfo2 after = mallinfo2();
    sipsec_srtp_session_free(rx);
    size_t used = (after.uordblks + after.hblkhd) - (before.uordblks + before.hblkhd);
    return (double)used / 10000.0;
}

/* The best of TRIES runs, since other processes share the machine. */
static double best_of(double (*rate)(int, const char *, int, size_t), int library,
                      const char *suite, int gcm, size_t payload)
{
    double best = 0;
    for (int i = 0; i < TRIES; i++) {
        double r = rate(library, suite, gcm, payload);
        best = r > best ? r : best;
    }
    return best;
}

static double best_floor(int gcm, size_t payload)
{
    double best = 0;
    for (int i = 0; i < TRIES; i++) {
        double r = gcm ? floor_gcm_rate(payload) : floor_cm_rate(payload);
        best = r > best ? r : best;
    }
    return best;
}

int main(void)
{
    static const struct {
        const char *suite;
        int gcm;
    } suites[] = {{"AES_CM_128_HMAC_SHA1_80", 0}, {"AEAD_AES_128_GCM", 1}};
    static const size_t payloads[] = {160, 1200};

    srtp_init();
    for (size_t i = 0; i < sizeof key_salt; i++)
        key_salt[i] = (uint8_t)(i * 7 + 3);
    printf("peer: %s (Debian's libsrtp2 does its AES and HMAC through NSS)\n",
           srtp_get_version_string());
    printf("floor: %s, AES-128-CTR/GCM via EVP keyed once, HMAC-SHA1 from copied SHA_CTX\n",
           OpenSSL_version(OPENSSL_VERSION));
    printf("best of %d runs each\n", TRIES);
    printf("%-24s %7s %9s %12s %12s %7s %12s %7s\n", "suite", "payload", "op", "sipsec/s",
           "libsrtp/s", "ratio", "openssl/s", "of floor");

    for (size_t s = 0; s < 2; s++) {
        for (size_t p = 0; p < 2; p++) {
            const char *suite = suites[s].suite;
            int gcm = suites[s].gcm;
            size_t payload = payloads[p];
            double floor = best_floor(gcm, payload);
            double ours_p = best_of(protect_rate, 0, suite, gcm, payload);
            double theirs_p = best_of(protect_rate, 1, suite, gcm, payload);
            double ours_u = best_of(unprotect_rate, 0, suite, gcm, payload);
            double theirs_u = best_of(unprotect_rate, 1, suite, gcm, payload);
            printf("%-24s %7zu %9s %12.0f %12.0f %6.2fx %12.0f %6.2fx\n", suite, payload,
                   "protect", ours_p, theirs_p, ours_p / theirs_p, floor, floor / ours_p);
            printf("%-24s %7zu %9s %12.0f %12.0f %6.2fx %12s %6.2fx\n", suite, payload,
                   "unprotect", ours_u, theirs_u, ours_u / theirs_u, "(same)", floor / ours_u);
        }
    }
    printf("ratio = sipsec/libsrtp packets per second (goal: 4x CM, 3x GCM at 160); "
           "of floor = OpenSSL floor rate / sipsec rate (goal: <= 1.5x)\n");

    printf("streams (AES_CM_128_HMAC_SHA1_80, 160 octets, SSRCs in turn):");
    static const int counts[] = {1, 10, 100, 1000};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        printf(" %d: %.0f/s", counts[i], streams_rate(counts[i]));
    printf("\n");
    printf("memory: %.0f heap octets per receiving stream (window 128)\n", bytes_per_stream());
    srtp_shutdown();
    return 0;
}
