/* SRTP/SRTCP through the C API: known answers, every SRTP status, NULL in every
 * pointer position, buffers one byte short. */
#include "harness.h"

#define SUITE_80 "AES_CM_128_HMAC_SHA1_80"
#define SUITE_GCM "AEAD_AES_128_GCM"

static size_t unhex(const char *hex, uint8_t *out)
{
    size_t n = 0;
    for (; hex[0] && hex[1]; hex += 2) {
        unsigned value;
        sscanf(hex, "%2x", &value);
        out[n++] = (uint8_t)value;
    }
    return n;
}

/* libsrtp srtp_driver.c srtp_validate: RFC 3711 B.3 master key, SSRC cafebabe. */
static const char *KEY_80 =
    "e1f97a0d3e018be0d64fa32c06de41390ec675ad498afeebb6960b3aabe6";
static const char *RTP_IN = "800f1234decafbadcafebabeabababababababababababababababab";
static const char *SRTP_80 =
    "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb";
static const char *RTCP_IN = "81c8000bcafebabeabababababababababababababababab";
static const char *SRTCP_80_INDEX_1 =
    "81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798";
/* srtp_validate_gcm */
static const char *KEY_GCM = "000102030405060708090a0b0c0d0e0fa0a1a2a3a4a5a6a7a8a9aaab";
static const char *SRTP_GCM = "800f1234decafbadcafebabec5002ede04cfdd2eb91159e0880aa06ed2976826"
                              "f796b201df3131a127e8a392";

static sipsec_srtp_session *session_with(const char *suite, const char *key_hex, bool outbound,
                                         const sipsec_srtp_options *options)
{
    uint8_t key[64];
    size_t key_len = unhex(key_hex, key);
    sipsec_srtp_session *session = NULL;
    CHECK_STATUS(sipsec_srtp_session_new(suite, strlen(suite), key, key_len, outbound, options,
                                         &session),
                 SIPSEC_OK);
    return session;
}

static void packet_vectors_in_place_and_copying(void)
{
    sipsec_srtp_session *tx = session_with(SUITE_80, KEY_80, true, NULL);
    sipsec_srtp_session *rx = session_with(SUITE_80, KEY_80, false, NULL);
    uint8_t packet[128], expected[128], copy[128];
    size_t len = unhex(RTP_IN, packet), expected_len = unhex(SRTP_80, expected), out_len = 0;

    CHECK_STATUS(sipsec_srtp_protect(tx, packet, &len, sizeof packet), SIPSEC_OK);
    CHECK(len == expected_len && memcmp(packet, expected, len) == 0);
    CHECK_STATUS(sipsec_srtp_unprotect_into(rx, packet, len, copy, sizeof copy, &out_len),
                 SIPSEC_OK);
    CHECK(out_len == 28 && copy[12] == 0xab && copy[27] == 0xab);

    /* libsrtp's first SRTCP index is 1, ours 0: the second packet matches its vector. */
    len = unhex(RTCP_IN, packet);
    CHECK_STATUS(sipsec_srtcp_protect_into(tx, packet, len, copy, sizeof copy, &out_len),
                 SIPSEC_OK);
    CHECK(out_len == 38 && copy[24] == 0x80 && copy[25] == 0 && copy[27] == 0);
    CHECK_STATUS(sipsec_srtcp_protect(tx, packet, &len, sizeof packet), SIPSEC_OK);
    expected_len = unhex(SRTCP_80_INDEX_1, expected);
    CHECK(len == expected_len && memcmp(packet, expected, len) == 0);
    CHECK_STATUS(sipsec_srtcp_unprotect(rx, packet, &len), SIPSEC_OK);
    CHECK(len == 24 && packet[8] == 0xab);
    sipsec_srtp_session_free(tx);
    sipsec_srtp_session_free(rx);

    tx = session_with("aead_aes_128_gcm", KEY_GCM, true, NULL);
    len = unhex(RTP_IN, packet);
    CHECK_STATUS(sipsec_srtp_protect_into(tx, packet, len, copy, sizeof copy, &out_len),
                 SIPSEC_OK);
    expected_len = unhex(SRTP_GCM, expected);
    CHECK(out_len == expected_len && memcmp(copy, expected, out_len) == 0);
    sipsec_srtp_session_free(tx);
}

/* RFC 9335 Appendix A: AES-CM, CSRCs and a one-byte header extension. */
static void cryptex_vector(void)
{
    static const char *rtp_hex = "920f1238decafbadcafebabe0001e2400000b26ebede000151000200"
                                 "abababababababababababababababab";
    static const char *srtp_hex = "920f1238decafbadcafebabe8bb6e12b5cff16ddc0de000192838c8c"
                                  "09e58393e1de3a9a74734d6745671338c3acf11da2df8423bee0";
    sipsec_srtp_options options = {0};
    options.cryptex = true;
    sipsec_srtp_session *tx = session_with(SUITE_80, KEY_80, true, &options);
    sipsec_srtp_session *rx = session_with(SUITE_80, KEY_80, false, &options);
    uint8_t packet[128], plain[128], expected[128];
    size_t len = unhex(rtp_hex, packet), plain_len = unhex(rtp_hex, plain);
    size_t expected_len = unhex(srtp_hex, expected), overhead = 0;

    CHECK_STATUS(sipsec_srtp_session_overhead(tx, false, &overhead), SIPSEC_OK);
    CHECK(overhead == 14);
    CHECK_STATUS(sipsec_srtp_protect(tx, packet, &len, sizeof packet), SIPSEC_OK);
    CHECK(len == expected_len && memcmp(packet, expected, len) == 0);
    CHECK_STATUS(sipsec_srtp_unprotect(rx, packet, &len), SIPSEC_OK);
    CHECK(len == plain_len && memcmp(packet, plain, len) == 0);
    sipsec_srtp_session_free(tx);
    sipsec_srtp_session_free(rx);
}

static void every_srtp_status(void)
{
    sipsec_srtp_options options = {0};
    uint8_t key[64], packet[256], saved[256], mki[2] = {0, 1};
    size_t key_len = unhex(KEY_80, key), len, saved_len;
    sipsec_srtp_session *tx, *rx, *session = NULL;

    CHECK_STATUS(sipsec_srtp_session_new("AES_CM_999", 10, key, key_len, true, NULL, &session),
                 SIPSEC_ERR_SRTP_UNKNOWN_SUITE);
    CHECK_STATUS(sipsec_srtp_session_new(SUITE_80, 23, key, key_len - 1, true, NULL, &session),
                 SIPSEC_ERR_SRTP_BAD_KEY);
    CHECK_STATUS(sipsec_srtp_session_new("\xff", 1, key, key_len, true, NULL, &session),
                 SIPSEC_ERR_INVALID_UTF8);
    options.replay_window = 63;
    CHECK_STATUS(sipsec_srtp_session_new(SUITE_80, 23, key, key_len, true, &options, &session),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    options.replay_window = 0;
    /* A too-long MKI is refused from its length alone: the 2-byte buffer is never read. */
    options.mki = mki;
    options.mki_len = 129;
    CHECK_STATUS(sipsec_srtp_session_new(SUITE_80, 23, key, key_len, true, &options, &session),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    options.mki = NULL;
    options.mki_len = 0;
    options.replay_window = 63;
    CHECK(session == NULL);
    options.replay_window = 0;
    options.encrypted_extension_ids = mki + 1;
    options.encrypted_extension_ids_len = 1;
    uint8_t gcm_key[64];
    size_t gcm_key_len = unhex(KEY_GCM, gcm_key);
    CHECK_STATUS(sipsec_srtp_session_new(SUITE_GCM, 16, gcm_key, gcm_key_len, true, &options,
                                         &session),
                 SIPSEC_ERR_UNSUPPORTED);
    options.encrypted_extension_ids = NULL;
    CHECK_STATUS(sipsec_srtp_session_new(SUITE_80, 23, key, key_len, true, &options, &session),
                 SIPSEC_ERR_NULL_POINTER);
    options.encrypted_extension_ids_len = 0;
    CHECK(session == NULL);

    options.replay_window = 64;
    options.max_streams = 1;
    options.key_lifetime = 3;
    options.mki = mki;
    options.mki_len = sizeof mki;
    tx = session_with(SUITE_80, KEY_80, true, &options);
    rx = session_with(SUITE_80, KEY_80, false, &options);

    len = unhex(RTP_IN, packet);
    CHECK_STATUS(sipsec_srtp_protect(tx, packet, &len, sizeof packet), SIPSEC_OK);
    memcpy(saved, packet, len);
    saved_len = len;
    packet[len - 1] ^= 1;
    CHECK_STATUS(sipsec_srtp_unprotect(rx, packet, &len), SIPSEC_ERR_SRTP_AUTH);
    CHECK(len == saved_len);
    packet[len - 11] = 7;
    CHECK_STATUS(sipsec_srtp_unprotect(rx, packet, &len), SIPSEC_ERR_SRTP_UNKNOWN_MKI);
    memcpy(packet, saved, saved_len);
    CHECK_STATUS(sipsec_srtp_unprotect(rx, packet, &len), SIPSEC_OK);
    memcpy(packet, saved, saved_len);
    len = saved_len;
    CHECK_STATUS(sipsec_srtp_unprotect(rx, packet, &len), SIPSEC_ERR_SRTP_REPLAY);
    CHECK_STATUS(sipsec_srtp_unprotect(tx, packet, &len), SIPSEC_ERR_SRTP_POLICY);
    len = 11;
    CHECK_STATUS(sipsec_srtp_unprotect(rx, packet, &len), SIPSEC_ERR_SRTP_BAD_PACKET);

    /* A second SSRC exceeds the cap of one stream. */
    len = unhex(RTP_IN, packet);
    packet[11] = 0x01;
    CHECK_STATUS(sipsec_srtp_protect(tx, packet, &len, sizeof packet),
                 SIPSEC_ERR_SRTP_STREAM_LIMIT);
    CHECK_STATUS(sipsec_srtp_session_get_roc(tx, 0x01020304, &(uint32_t){0}),
                 SIPSEC_ERR_SRTP_NO_STREAM);

    /* Lifetime 3: two more packets, then the key is exhausted. */
    for (int seq = 0x1235; seq <= 0x1237; seq++) {
        len = unhex(RTP_IN, packet);
        packet[3] = (uint8_t)seq;
        sipsec_status expected = seq < 0x1237 ? SIPSEC_OK : SIPSEC_ERR_SRTP_KEY_EXHAUSTED;
        CHECK_STATUS(sipsec_srtp_protect(tx, packet, &len, sizeof packet), expected);
        if (seq == 0x1236) {
            memcpy(saved, packet, len);
            saved_len = len;
        }
    }
    bool soft = false;
    uint64_t used = 0;
    CHECK_STATUS(sipsec_srtp_session_key_usage(tx, &used, NULL, &soft), SIPSEC_OK);
    CHECK(used == 3 && soft);
    sipsec_srtp_session_free(tx);

    /* Old: move the receiver 100 packets ahead, then replay an early one. */
    sipsec_srtp_options plain = {0};
    tx = session_with(SUITE_80, KEY_80, true, &plain);
    sipsec_srtp_session_free(rx);
    rx = session_with(SUITE_80, KEY_80, false, &plain);
    len = unhex(RTP_IN, packet);
    CHECK_STATUS(sipsec_srtp_protect(tx, packet, &len, sizeof packet), SIPSEC_OK);
    memcpy(saved, packet, len);
    saved_len = len;
    len = unhex(RTP_IN, packet);
    packet[2] = 0x13;
    CHECK_STATUS(sipsec_srtp_protect(tx, packet, &len, sizeof packet), SIPSEC_OK);
    CHECK_STATUS(sipsec_srtp_unprotect(rx, packet, &len), SIPSEC_OK);
    CHECK_STATUS(sipsec_srtp_unprotect(rx, saved, &saved_len), SIPSEC_ERR_SRTP_REPLAY_OLD);
    sipsec_srtp_session_free(tx);
    sipsec_srtp_session_free(rx);

    /* E flag against the policy. */
    plain.unencrypted_srtcp = true;
    tx = session_with(SUITE_80, KEY_80, true, &plain);
    rx = session_with(SUITE_80, KEY_80, false, NULL);
    len = unhex(RTCP_IN, packet);
    CHECK_STATUS(sipsec_srtcp_protect(tx, packet, &len, sizeof packet), SIPSEC_OK);
    CHECK_STATUS(sipsec_srtcp_unprotect(rx, packet, &len), SIPSEC_ERR_SRTP_POLICY);
    sipsec_srtp_session_free(tx);
    sipsec_srtp_session_free(rx);

    /* A specific-SSRC receiver has no stream for another SSRC. */
    plain.unencrypted_srtcp = false;
    plain.ssrc_kind = SIPSEC_SRTP_SSRC_SPECIFIC;
    plain.ssrc = 5;
    rx = session_with(SUITE_80, KEY_80, false, &plain);
    len = unhex(SRTP_80, packet);
    CHECK_STATUS(sipsec_srtp_unprotect(rx, packet, &len), SIPSEC_ERR_SRTP_NO_STREAM);
    plain.ssrc_kind = 7;
    CHECK_STATUS(sipsec_srtp_session_new(SUITE_80, 23, key, key_len, true, &plain, &session),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    sipsec_srtp_session_free(rx);
}

static void roc_streams_and_rekey(void)
{
    sipsec_srtp_session *tx = session_with(SUITE_80, KEY_80, true, NULL);
    sipsec_srtp_session *rx = session_with(SUITE_80, KEY_80, false, NULL);
    uint8_t packet[128], key[64];
    size_t len, count = 0, overhead = 0;
    uint32_t roc = 99;

    CHECK_STATUS(sipsec_srtp_session_set_roc(tx, 0xcafebabe, 3), SIPSEC_OK);
    CHECK_STATUS(sipsec_srtp_session_get_roc(tx, 0xcafebabe, &roc), SIPSEC_OK);
    CHECK(roc == 3);
    len = unhex(RTP_IN, packet);
    CHECK_STATUS(sipsec_srtp_protect(tx, packet, &len, sizeof packet), SIPSEC_OK);
    CHECK_STATUS(sipsec_srtp_unprotect(rx, packet, &len), SIPSEC_ERR_SRTP_AUTH);
    CHECK_STATUS(sipsec_srtp_session_stream_count(rx, &count), SIPSEC_OK);
    CHECK(count == 0);
    CHECK_STATUS(sipsec_srtp_session_set_roc(rx, 0xcafebabe, 3), SIPSEC_OK);
    CHECK_STATUS(sipsec_srtp_unprotect(rx, packet, &len), SIPSEC_OK);

    CHECK_STATUS(sipsec_srtp_session_add_stream(rx, 0xcafebabe), SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(sipsec_srtp_session_add_stream(rx, 1), SIPSEC_OK);
    CHECK_STATUS(sipsec_srtp_session_remove_stream(rx, 1), SIPSEC_OK);
    CHECK_STATUS(sipsec_srtp_session_remove_stream(rx, 1), SIPSEC_ERR_SRTP_NO_STREAM);

    size_t key_len = unhex(KEY_GCM, key);
    CHECK_STATUS(sipsec_srtp_session_rekey(rx, key, key_len, NULL, 0), SIPSEC_ERR_SRTP_BAD_KEY);
    key_len = unhex(KEY_80, key);
    key[0] ^= 1;
    CHECK_STATUS(sipsec_srtp_session_rekey(tx, key, key_len, NULL, 0), SIPSEC_OK);
    CHECK_STATUS(sipsec_srtp_session_rekey(rx, key, key_len, NULL, 0), SIPSEC_OK);
    CHECK_STATUS(sipsec_srtp_session_add_master_key(rx, key, key_len, (const uint8_t *)"k", 1),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    len = unhex(RTP_IN, packet);
    packet[3] = 0x35;
    CHECK_STATUS(sipsec_srtp_protect(tx, packet, &len, sizeof packet), SIPSEC_OK);
    CHECK_STATUS(sipsec_srtp_unprotect(rx, packet, &len), SIPSEC_OK);
    CHECK_STATUS(sipsec_srtp_session_get_roc(rx, 0xcafebabe, &roc), SIPSEC_OK);
    CHECK(roc == 3);

    CHECK_STATUS(sipsec_srtp_session_overhead(rx, false, &overhead), SIPSEC_OK);
    CHECK(overhead == 10);
    CHECK_STATUS(sipsec_srtp_session_overhead(rx, true, &overhead), SIPSEC_OK);
    CHECK(overhead == 14 && overhead <= SIPSEC_SRTP_MAX_TRAILER_LEN);

    size_t master = 0, salt = 0, tag = 0;
    CHECK_STATUS(sipsec_srtp_suite_lengths("aead_aes_256_gcm", 16, &master, &salt, &tag),
                 SIPSEC_OK);
    CHECK(master == 32 && salt == 12 && tag == 16);
    CHECK_STATUS(sipsec_srtp_suite_lengths("x", 1, NULL, NULL, NULL),
                 SIPSEC_ERR_SRTP_UNKNOWN_SUITE);
    sipsec_srtp_session_free(tx);
    sipsec_srtp_session_free(rx);
}

static void buffers_one_byte_short(void)
{
    sipsec_srtp_session *tx = session_with(SUITE_80, KEY_80, true, NULL);
    sipsec_srtp_session *rx = session_with(SUITE_80, KEY_80, false, NULL);
    uint8_t packet[128], out[128], before[128];
    size_t len = unhex(RTP_IN, packet), out_len = 0;

    memcpy(before, packet, len);
    CHECK_STATUS(sipsec_srtp_protect(tx, packet, &len, 37), SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len == 28 && memcmp(packet, before, len) == 0);
    memset(out, 0x5a, sizeof out);
    CHECK_STATUS(sipsec_srtp_protect_into(tx, packet, len, out, 37, &out_len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(out_len == 38 && out[0] == 0x5a);
    CHECK_STATUS(sipsec_srtp_protect_into(tx, packet, len, NULL, 0, &out_len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(out_len == 38);
    CHECK_STATUS(sipsec_srtp_protect_into(tx, packet, len, out, 38, &out_len), SIPSEC_OK);

    CHECK_STATUS(sipsec_srtp_unprotect_into(rx, out, 38, packet, 27, &out_len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(out_len == 28);
    CHECK_STATUS(sipsec_srtp_unprotect_into(rx, out, 38, packet, 28, &out_len), SIPSEC_OK);
    CHECK(memcmp(packet, before, 28) == 0);

    len = unhex(RTCP_IN, packet);
    CHECK_STATUS(sipsec_srtcp_protect(tx, packet, &len, 37), SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK_STATUS(sipsec_srtcp_protect_into(tx, packet, len, out, 37, &out_len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(out_len == 38);
    CHECK_STATUS(sipsec_srtcp_protect_into(tx, packet, len, out, 38, &out_len), SIPSEC_OK);
    CHECK_STATUS(sipsec_srtcp_unprotect_into(rx, out, 38, packet, 23, &out_len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(out_len == 24);
    CHECK_STATUS(sipsec_srtcp_unprotect_into(rx, out, 38, packet, 24, &out_len), SIPSEC_OK);
    CHECK_STATUS(sipsec_srtp_protect_into(tx, out, 28, out + 4, 64, &out_len),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    sipsec_srtp_session_free(tx);
    sipsec_srtp_session_free(rx);
}

static void null_in_every_pointer_position(void)
{
    sipsec_srtp_session *tx = session_with(SUITE_80, KEY_80, true, NULL);
    sipsec_srtp_session *session = NULL;
    uint8_t key[64], packet[128], out[128];
    size_t key_len = unhex(KEY_80, key), len = unhex(RTP_IN, packet), out_len;
    uint32_t roc;
    bool soft;
    const sipsec_status NUL = SIPSEC_ERR_NULL_POINTER;

    CHECK_STATUS(sipsec_srtp_session_new(NULL, 23, key, key_len, true, NULL, &session), NUL);
    CHECK_STATUS(sipsec_srtp_session_new(SUITE_80, 23, NULL, key_len, true, NULL, &session), NUL);
    CHECK_STATUS(sipsec_srtp_session_new(SUITE_80, 23, key, key_len, true, NULL, NULL), NUL);
    sipsec_srtp_options options = {0};
    options.mki_len = 2;
    CHECK_STATUS(sipsec_srtp_session_new(SUITE_80, 23, key, key_len, true, &options, &session),
                 NUL);
    CHECK(session == NULL);

    CHECK_STATUS(sipsec_srtp_protect(NULL, packet, &len, sizeof packet), NUL);
    CHECK_STATUS(sipsec_srtp_protect(tx, NULL, &len, sizeof packet), NUL);
    CHECK_STATUS(sipsec_srtp_protect(tx, packet, NULL, sizeof packet), NUL);
    CHECK_STATUS(sipsec_srtp_unprotect(NULL, packet, &len), NUL);
    CHECK_STATUS(sipsec_srtp_unprotect(tx, NULL, &len), NUL);
    CHECK_STATUS(sipsec_srtp_unprotect(tx, packet, NULL), NUL);
    CHECK_STATUS(sipsec_srtcp_protect(NULL, packet, &len, sizeof packet), NUL);
    CHECK_STATUS(sipsec_srtcp_protect(tx, NULL, &len, sizeof packet), NUL);
    CHECK_STATUS(sipsec_srtcp_protect(tx, packet, NULL, sizeof packet), NUL);
    CHECK_STATUS(sipsec_srtcp_unprotect(NULL, packet, &len), NUL);
    CHECK_STATUS(sipsec_srtcp_unprotect(tx, NULL, &len), NUL);
    CHECK_STATUS(sipsec_srtcp_unprotect(tx, packet, NULL), NUL);

    typedef sipsec_status (*copying)(sipsec_srtp_session *, const uint8_t *, size_t, uint8_t *,
                                     size_t, size_t *);
    copying calls[] = {sipsec_srtp_protect_into, sipsec_srtp_unprotect_into,
                       sipsec_srtcp_protect_into, sipsec_srtcp_unprotect_into};
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
        CHECK_STATUS(calls[i](NULL, packet, len, out, sizeof out, &out_len), NUL);
        CHECK_STATUS(calls[i](tx, NULL, len, out, sizeof out, &out_len), NUL);
        CHECK_STATUS(calls[i](tx, packet, len, out, sizeof out, NULL), NUL);
    }
    CHECK_STATUS(sipsec_srtp_unprotect_into(tx, packet, len, NULL, 64, &out_len), NUL);

    CHECK_STATUS(sipsec_srtp_session_get_roc(NULL, 1, &roc), NUL);
    CHECK_STATUS(sipsec_srtp_session_get_roc(tx, 1, NULL), NUL);
    CHECK_STATUS(sipsec_srtp_session_set_roc(NULL, 1, 0), NUL);
    CHECK_STATUS(sipsec_srtp_session_add_stream(NULL, 1), NUL);
    CHECK_STATUS(sipsec_srtp_session_remove_stream(NULL, 1), NUL);
    CHECK_STATUS(sipsec_srtp_session_rekey(NULL, key, key_len, NULL, 0), NUL);
    CHECK_STATUS(sipsec_srtp_session_rekey(tx, NULL, key_len, NULL, 0), NUL);
    CHECK_STATUS(sipsec_srtp_session_rekey(tx, key, key_len, NULL, 1), NUL);
    CHECK_STATUS(sipsec_srtp_session_add_master_key(NULL, key, key_len, key, 1), NUL);
    CHECK_STATUS(sipsec_srtp_session_add_master_key(tx, NULL, key_len, key, 1), NUL);
    CHECK_STATUS(sipsec_srtp_session_add_master_key(tx, key, key_len, NULL, 1), NUL);
    CHECK_STATUS(sipsec_srtp_session_overhead(NULL, false, &out_len), NUL);
    CHECK_STATUS(sipsec_srtp_session_overhead(tx, false, NULL), NUL);
    CHECK_STATUS(sipsec_srtp_session_key_usage(NULL, NULL, NULL, &soft), NUL);
    CHECK_STATUS(sipsec_srtp_session_stream_count(NULL, &out_len), NUL);
    CHECK_STATUS(sipsec_srtp_session_stream_count(tx, NULL), NUL);
    CHECK_STATUS(sipsec_srtp_suite_lengths(NULL, 3, NULL, NULL, NULL), NUL);
    CHECK(strstr(sipsec_last_error_message(), "suite") != NULL);
    sipsec_srtp_session_free(NULL);

    /* The session is still usable after all of that. */
    CHECK_STATUS(sipsec_srtp_protect(tx, packet, &len, sizeof packet), SIPSEC_OK);
    CHECK(len == 38);
    sipsec_srtp_session_free(tx);
}

int main(void)
{
    harness_start();
    RUN(packet_vectors_in_place_and_copying);
    RUN(cryptex_vector);
    RUN(every_srtp_status);
    RUN(roc_streams_and_rekey);
    RUN(buffers_one_byte_short);
    RUN(null_in_every_pointer_position);
    return harness_finish();
}
