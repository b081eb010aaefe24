/* SDES a=crypto attributes and offer/answer through the C API. */
#include "harness.h"

#define S(literal) literal, sizeof(literal) - 1

static const char EXAMPLE[] =
    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 "
    "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32";
static const char KEY_128[] = "YmTVLq/x05xcYFAADgerGIQkdmV7gfSqITYw75p1";

static sipsec_crypto_attribute *parse_ok(const char *text, size_t len)
{
    sipsec_crypto_attribute *attribute = NULL;
    CHECK_STATUS(sipsec_crypto_attribute_parse(text, len, &attribute), SIPSEC_OK);
    CHECK(attribute != NULL);
    return attribute;
}

static void rfc4568_example_getters(void)
{
    sipsec_crypto_attribute *attribute = parse_ok(EXAMPLE, strlen(EXAMPLE));
    uint32_t tag = 0;
    size_t count = 0, len = 0;
    char suite[24];
    uint8_t key[46], mki[128];
    bool has_lifetime = false;
    uint64_t lifetime = 0;

    CHECK_STATUS(sipsec_crypto_attribute_tag(attribute, &tag), SIPSEC_OK);
    CHECK(tag == 1);
    CHECK_STATUS(sipsec_crypto_attribute_suite(attribute, suite, sizeof suite, &len),
                 SIPSEC_OK);
    CHECK_STR(suite, "AES_CM_128_HMAC_SHA1_80");
    CHECK(len == 23);
    CHECK_STATUS(sipsec_crypto_attribute_key_count(attribute, &count), SIPSEC_OK);
    CHECK(count == 1);
    CHECK_STATUS(sipsec_crypto_attribute_key(attribute, 0, key, sizeof key, &len), SIPSEC_OK);
    CHECK(len == 30);
    /* "PS1u" is the base64 of 0x3d 0x2d 0x6e. */
    CHECK(key[0] == 0x3d && key[1] == 0x2d && key[2] == 0x6e);
    CHECK_STATUS(sipsec_crypto_attribute_key_lifetime(attribute, 0, &has_lifetime, &lifetime),
                 SIPSEC_OK);
    CHECK(has_lifetime && lifetime == (UINT64_C(1) << 20));
    CHECK_STATUS(sipsec_crypto_attribute_key_mki(attribute, 0, mki, sizeof mki, &len),
                 SIPSEC_OK);
    CHECK(len == 32 && mki[31] == 1 && mki[0] == 0);
    sipsec_crypto_attribute_free(attribute);
}

static void format_round_trips(void)
{
    sipsec_crypto_attribute *attribute = parse_ok(EXAMPLE, strlen(EXAMPLE));
    sipsec_crypto_attribute *again = NULL;
    char text[256];
    size_t len = 0;

    CHECK_STATUS(sipsec_crypto_attribute_format(attribute, true, text, sizeof text, &len),
                 SIPSEC_OK);
    CHECK_STR(text, EXAMPLE);
    CHECK(len == strlen(EXAMPLE));
    CHECK_STATUS(sipsec_crypto_attribute_format(attribute, false, text, sizeof text, &len),
                 SIPSEC_OK);
    CHECK_STR(text, EXAMPLE + strlen("a=crypto:"));
    CHECK_STATUS(sipsec_crypto_attribute_parse(text, len, &again), SIPSEC_OK);
    CHECK_STATUS(sipsec_crypto_attribute_format(again, true, text, sizeof text, &len),
                 SIPSEC_OK);
    CHECK_STR(text, EXAMPLE);
    sipsec_crypto_attribute_free(again);
    sipsec_crypto_attribute_free(attribute);
}

static void session_params_and_unknowns(void)
{
    char line[256];
    sipsec_crypto_attribute *attribute;
    sipsec_sdes_session_params params;
    char unknown[32];
    size_t len = 0;

    snprintf(line, sizeof line,
             "1 AES_CM_128_HMAC_SHA1_80 inline:%s|2^48 UNENCRYPTED_SRTCP KDR=4 "
             "FEC_ORDER=SRTP_FEC FEC_KEY=inline:%s WSH=128 -X-VENDOR=1", KEY_128, KEY_128);
    attribute = parse_ok(line, strlen(line));
    CHECK_STATUS(sipsec_crypto_attribute_session_params(attribute, &params), SIPSEC_OK);
    CHECK(params.has_kdr && params.kdr == 4);
    CHECK(!params.unencrypted_srtp && params.unencrypted_srtcp);
    CHECK(!params.unauthenticated_srtp);
    CHECK(params.fec_order == SIPSEC_SDES_FEC_ORDER_SRTP_FEC);
    CHECK(params.fec_key_count == 1);
    CHECK(params.has_wsh && params.wsh == 128);
    CHECK(params.unknown_count == 1);
    CHECK_STATUS(sipsec_crypto_attribute_unknown_param(attribute, 0, unknown, sizeof unknown,
                                                       &len), SIPSEC_OK);
    CHECK_STR(unknown, "-X-VENDOR=1");
    CHECK_STATUS(sipsec_crypto_attribute_unknown_param(attribute, 1, unknown, sizeof unknown,
                                                       &len), SIPSEC_ERR_INVALID_ARGUMENT);
    sipsec_crypto_attribute_free(attribute);
}

static void key_without_lifetime_or_mki(void)
{
    char line[128];
    sipsec_crypto_attribute *attribute;
    bool has_lifetime = true;
    uint64_t lifetime = 7;
    size_t len = 99;
    sipsec_sdes_session_params params;

    snprintf(line, sizeof line, "2 AES_CM_128_HMAC_SHA1_32 inline:%s", KEY_128);
    attribute = parse_ok(line, strlen(line));
    CHECK_STATUS(sipsec_crypto_attribute_key_lifetime(attribute, 0, &has_lifetime, &lifetime),
                 SIPSEC_OK);
    CHECK(!has_lifetime && lifetime == 0);
    CHECK_STATUS(sipsec_crypto_attribute_key_mki(attribute, 0, NULL, 0, &len), SIPSEC_OK);
    CHECK(len == 0);
    CHECK_STATUS(sipsec_crypto_attribute_session_params(attribute, &params), SIPSEC_OK);
    CHECK(!params.has_kdr && !params.has_wsh && params.unknown_count == 0);
    CHECK(params.fec_order == SIPSEC_SDES_FEC_ORDER_NONE);
    CHECK_STATUS(sipsec_crypto_attribute_key(attribute, 1, NULL, 0, &len),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(sipsec_crypto_attribute_key_mki(attribute, 1, NULL, 0, &len),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(sipsec_crypto_attribute_key_lifetime(attribute, 1, &has_lifetime, &lifetime),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    sipsec_crypto_attribute_free(attribute);
}

static void generate_makes_fresh_keys(void)
{
    sipsec_crypto_attribute *first = NULL, *second = NULL;
    uint8_t a[46], b[46];
    size_t a_len = 0, b_len = 0, len = 0;
    uint32_t tag = 0;
    char suite[24];

    CHECK_STATUS(sipsec_crypto_attribute_generate(7, S("aead_aes_256_gcm"), &first), SIPSEC_OK);
    CHECK_STATUS(sipsec_crypto_attribute_generate(7, S("AEAD_AES_256_GCM"), &second),
                 SIPSEC_OK);
    CHECK_STATUS(sipsec_crypto_attribute_key(first, 0, a, sizeof a, &a_len), SIPSEC_OK);
    CHECK_STATUS(sipsec_crypto_attribute_key(second, 0, b, sizeof b, &b_len), SIPSEC_OK);
    CHECK(a_len == 44 && b_len == 44);
    CHECK(memcmp(a, b, 44) != 0);
    CHECK_STATUS(sipsec_crypto_attribute_tag(first, &tag), SIPSEC_OK);
    CHECK(tag == 7);
    CHECK_STATUS(sipsec_crypto_attribute_suite(first, suite, sizeof suite, &len), SIPSEC_OK);
    CHECK_STR(suite, "AEAD_AES_256_GCM");
    sipsec_crypto_attribute_free(first);
    sipsec_crypto_attribute_free(second);
}

static void every_parse_status(void)
{
    sipsec_crypto_attribute *attribute = NULL;

    CHECK_STATUS(sipsec_crypto_attribute_parse(S("1 AES_CM_128_HMAC_SHA1_80"), &attribute),
                 SIPSEC_ERR_SDES_PARSE);
    CHECK(strstr(sipsec_last_error_message(), "key-params") != NULL);
    CHECK_STATUS(sipsec_crypto_attribute_parse(
                     S("1 AES_CM_256_HMAC_SHA1_80 inline:YmTVLq/x05xcYFAADgerGIQkdmV7gfSqITYw75p1"),
                     &attribute), SIPSEC_ERR_SDES_UNKNOWN_SUITE);
    CHECK_STATUS(sipsec_crypto_attribute_parse(
                     S("1 F8_128_HMAC_SHA1_80 inline:YmTVLq/x05xcYFAADgerGIQkdmV7gfSqITYw75p1"),
                     &attribute), SIPSEC_ERR_SDES_UNSUPPORTED_SUITE);
    CHECK_STATUS(sipsec_crypto_attribute_parse(S("1 AES_CM_128_HMAC_SHA1_80 inline:AAAA"),
                                               &attribute), SIPSEC_ERR_SDES_BAD_KEY);
    CHECK(strstr(sipsec_last_error_message(), "key-param 1") != NULL);
    CHECK_STATUS(sipsec_crypto_attribute_parse(S("1 AES\xff"), &attribute),
                 SIPSEC_ERR_INVALID_UTF8);
    CHECK_STATUS(sipsec_crypto_attribute_generate(1, S("AES_CM_256_HMAC_SHA1_80"), &attribute),
                 SIPSEC_ERR_SDES_UNKNOWN_SUITE);
    CHECK_STATUS(sipsec_crypto_attribute_generate(1, S("F8_128_HMAC_SHA1_80"), &attribute),
                 SIPSEC_ERR_SDES_UNSUPPORTED_SUITE);
    CHECK_STATUS(sipsec_crypto_attribute_generate(1000000000u, S("AEAD_AES_128_GCM"),
                                                  &attribute), SIPSEC_ERR_SDES_PARSE);
    CHECK(attribute == NULL);
    CHECK_STR(sipsec_status_str(SIPSEC_ERR_SDES_UNSUPPORTED_SUITE),
              "SDES crypto suite registered but not supported");
}

static void null_in_every_pointer_position(void)
{
    sipsec_crypto_attribute *attribute = parse_ok(EXAMPLE, strlen(EXAMPLE));
    sipsec_crypto_attribute *out = NULL, *other = NULL;
    sipsec_sdes_session_params params;
    uint8_t bytes[64];
    char text[256];
    size_t len = 0;
    uint32_t tag;
    bool has;
    uint64_t lifetime;

    CHECK_STATUS(sipsec_crypto_attribute_parse(NULL, 5, &out), SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_parse(NULL, 0, &out), SIPSEC_ERR_SDES_PARSE);
    CHECK_STATUS(sipsec_crypto_attribute_parse(EXAMPLE, strlen(EXAMPLE), NULL),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_generate(1, NULL, 3, &out), SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_generate(1, S("AEAD_AES_128_GCM"), NULL),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_tag(NULL, &tag), SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_tag(attribute, NULL), SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_suite(NULL, text, sizeof text, &len),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_suite(attribute, NULL, 0, &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len == 24);
    CHECK_STATUS(sipsec_crypto_attribute_suite(attribute, text, sizeof text, NULL),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_key_count(NULL, &len), SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_key_count(attribute, NULL), SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_key(NULL, 0, bytes, sizeof bytes, &len),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_key(attribute, 0, NULL, 0, &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len == 30);
    CHECK_STATUS(sipsec_crypto_attribute_key(attribute, 0, bytes, sizeof bytes, NULL),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_key_lifetime(NULL, 0, &has, &lifetime),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_key_lifetime(attribute, 0, NULL, &lifetime),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_key_lifetime(attribute, 0, &has, NULL),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_key_mki(NULL, 0, bytes, sizeof bytes, &len),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_key_mki(attribute, 0, NULL, 0, &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len == 32);
    CHECK_STATUS(sipsec_crypto_attribute_key_mki(attribute, 0, bytes, sizeof bytes, NULL),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_session_params(NULL, &params),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_session_params(attribute, NULL),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_unknown_param(NULL, 0, text, sizeof text, &len),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_unknown_param(attribute, 0, text, sizeof text, &len),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(sipsec_crypto_attribute_format(NULL, true, text, sizeof text, &len),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_crypto_attribute_format(attribute, true, NULL, 0, &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len == strlen(EXAMPLE) + 1);
    CHECK_STATUS(sipsec_crypto_attribute_format(attribute, true, text, sizeof text, NULL),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_sdes_answer_offer(NULL, 4, NULL, 0, &out, &other),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_sdes_answer_offer(EXAMPLE, strlen(EXAMPLE), NULL, 4, &out, &other),
                 SIPSEC_OK);
    sipsec_crypto_attribute_free(out);
    sipsec_crypto_attribute_free(other);
    out = other = NULL;
    CHECK_STATUS(sipsec_sdes_answer_offer(EXAMPLE, strlen(EXAMPLE), NULL, 0, NULL, &other),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_sdes_answer_offer(EXAMPLE, strlen(EXAMPLE), NULL, 0, &out, NULL),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_sdes_verify_answer(NULL, 4, EXAMPLE, strlen(EXAMPLE), &out, &other),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_sdes_verify_answer(EXAMPLE, strlen(EXAMPLE), NULL, 4, &out, &other),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_sdes_verify_answer(EXAMPLE, strlen(EXAMPLE), EXAMPLE, strlen(EXAMPLE),
                                           NULL, &other), SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_sdes_verify_answer(EXAMPLE, strlen(EXAMPLE), EXAMPLE, strlen(EXAMPLE),
                                           &out, NULL), SIPSEC_ERR_NULL_POINTER);
    CHECK(out == NULL && other == NULL);
    sipsec_crypto_attribute_free(NULL);
    sipsec_crypto_attribute_free(attribute);
}

static void buffers_one_byte_short(void)
{
    sipsec_crypto_attribute *attribute = parse_ok(EXAMPLE, strlen(EXAMPLE));
    char text[256];
    uint8_t bytes[64];
    size_t len = 0;
    size_t line_len = strlen(EXAMPLE);

    memset(text, 'x', sizeof text);
    CHECK_STATUS(sipsec_crypto_attribute_format(attribute, true, text, line_len, &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len == line_len + 1);
    CHECK(text[0] == 'x');
    CHECK_STATUS(sipsec_crypto_attribute_format(attribute, true, text, line_len + 1, &len),
                 SIPSEC_OK);
    CHECK(len == line_len && text[line_len] == '\0');
    CHECK_STATUS(sipsec_crypto_attribute_suite(attribute, text, 23, &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len == 24);
    memset(bytes, 0xaa, sizeof bytes);
    CHECK_STATUS(sipsec_crypto_attribute_key(attribute, 0, bytes, 29, &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len == 30 && bytes[0] == 0xaa);
    CHECK_STATUS(sipsec_crypto_attribute_key_mki(attribute, 0, bytes, 31, &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len == 32 && bytes[0] == 0xaa);
    sipsec_crypto_attribute_free(attribute);
}

static void unknown_param_one_byte_short(void)
{
    char line[128], text[16];
    sipsec_crypto_attribute *attribute;
    size_t len = 0;

    snprintf(line, sizeof line, "1 AES_CM_128_HMAC_SHA1_80 inline:%s -ABC", KEY_128);
    attribute = parse_ok(line, strlen(line));
    CHECK_STATUS(sipsec_crypto_attribute_unknown_param(attribute, 0, text, 4, &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len == 5);
    CHECK_STATUS(sipsec_crypto_attribute_unknown_param(attribute, 0, text, 5, &len), SIPSEC_OK);
    CHECK_STR(text, "-ABC");
    sipsec_crypto_attribute_free(attribute);
}

static void offer_answer_exchange(void)
{
    char offer[512];
    char answer_text[256];
    sipsec_crypto_attribute *answer = NULL, *offered = NULL;
    sipsec_crypto_attribute *checked_answer = NULL, *checked_offered = NULL;
    uint32_t tag = 0;
    size_t len = 0;
    char suite[24];

    snprintf(offer, sizeof offer,
             "a=crypto:1 AEAD_AES_256_GCM_8 inline:%s\r\n"
             "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:%s UNENCRYPTED_SRTP\r\n"
             "a=crypto:3 AES_CM_128_HMAC_SHA1_32 inline:%s|2^31\r\n"
             "a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:%s\n",
             KEY_128, KEY_128, KEY_128, KEY_128);
    CHECK_STATUS(sipsec_sdes_answer_offer(offer, strlen(offer),
                                          S("AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32"),
                                          &answer, &offered), SIPSEC_OK);
    CHECK_STATUS(sipsec_crypto_attribute_tag(answer, &tag), SIPSEC_OK);
    CHECK(tag == 4);
    CHECK_STATUS(sipsec_crypto_attribute_tag(offered, &tag), SIPSEC_OK);
    CHECK(tag == 4);
    CHECK_STATUS(sipsec_crypto_attribute_suite(answer, suite, sizeof suite, &len), SIPSEC_OK);
    CHECK_STR(suite, "AES_CM_128_HMAC_SHA1_80");

    CHECK_STATUS(sipsec_crypto_attribute_format(answer, true, answer_text, sizeof answer_text,
                                                &len), SIPSEC_OK);
    CHECK_STATUS(sipsec_sdes_verify_answer(S("a=crypto:4 AES_CM_128_HMAC_SHA1_80"),
                                           answer_text, len, &checked_answer,
                                           &checked_offered), SIPSEC_ERR_SDES_PARSE);
    CHECK_STATUS(sipsec_sdes_verify_answer(strstr(offer, "a=crypto:3"),
                                           strlen(strstr(offer, "a=crypto:3")), answer_text,
                                           len, &checked_answer, &checked_offered), SIPSEC_OK);
    CHECK_STATUS(sipsec_crypto_attribute_tag(checked_offered, &tag), SIPSEC_OK);
    CHECK(tag == 4);
    sipsec_crypto_attribute_free(checked_answer);
    sipsec_crypto_attribute_free(checked_offered);
    sipsec_crypto_attribute_free(answer);
    sipsec_crypto_attribute_free(offered);
}

static void offer_answer_failures(void)
{
    char offer[256], two_lines[512];
    sipsec_crypto_attribute *answer = NULL, *offered = NULL;

    snprintf(offer, sizeof offer, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:%s\r\n", KEY_128);
    CHECK_STATUS(sipsec_sdes_answer_offer(offer, strlen(offer), S("AEAD_AES_128_GCM"), &answer,
                                          &offered), SIPSEC_ERR_SDES_NO_ACCEPTABLE_OFFER);
    CHECK(strstr(sipsec_last_error_message(), "not in the preferences") != NULL);
    CHECK_STATUS(sipsec_sdes_answer_offer(offer, strlen(offer), S("AES_CM_256_HMAC_SHA1_80"),
                                          &answer, &offered), SIPSEC_ERR_SDES_UNKNOWN_SUITE);
    CHECK_STATUS(sipsec_sdes_answer_offer(offer, strlen(offer), S("\xff"), &answer, &offered),
                 SIPSEC_ERR_INVALID_UTF8);
    CHECK_STATUS(sipsec_sdes_answer_offer(S(""), NULL, 0, &answer, &offered),
                 SIPSEC_ERR_SDES_NO_ACCEPTABLE_OFFER);

    snprintf(two_lines, sizeof two_lines, "%s%s", offer, offer);
    CHECK_STATUS(sipsec_sdes_verify_answer(offer, strlen(offer), two_lines, strlen(two_lines),
                                           &answer, &offered), SIPSEC_ERR_SDES_BAD_ANSWER);
    CHECK(strstr(sipsec_last_error_message(), "exactly one") != NULL);
    CHECK_STATUS(sipsec_sdes_verify_answer(offer, strlen(offer),
                                           S("a=crypto:9 AES_CM_128_HMAC_SHA1_80 "
                                             "inline:YmTVLq/x05xcYFAADgerGIQkdmV7gfSqITYw75p1"),
                                           &answer, &offered), SIPSEC_ERR_SDES_BAD_ANSWER);
    CHECK(strstr(sipsec_last_error_message(), "never offered") != NULL);
    CHECK(answer == NULL && offered == NULL);
}

int main(void)
{
    harness_start();
    RUN(rfc4568_example_getters);
    RUN(format_round_trips);
    RUN(session_params_and_unknowns);
    RUN(key_without_lifetime_or_mki);
    RUN(generate_makes_fresh_keys);
    RUN(every_parse_status);
    RUN(null_in_every_pointer_position);
    RUN(buffers_one_byte_short);
    RUN(unknown_param_one_byte_short);
    RUN(offer_answer_exchange);
    RUN(offer_answer_failures);
    return harness_finish();
}
