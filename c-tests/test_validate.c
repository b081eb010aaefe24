/*
 * The validator exports: URIs, header values, messages, SDP, URI equality and the report
 * handle, with NULL in each pointer position, short buffers, and the RFC 4475 torture
 * messages read from tests/data/torture (or the directory in SIPSEC_TORTURE_DIR).
 */
#include "harness.h"

#define TEXT(s) (s), (sizeof(s) - 1)

static const char *torture_dir(void)
{
    const char *dir = getenv("SIPSEC_TORTURE_DIR");
    return dir != NULL ? dir : "../tests/data/torture";
}

/* Whether the report holds a problem with this machine word. */
static int report_has(const sipsec_validation_report *report, const char *word)
{
    size_t count = sipsec_validation_report_count(report);
    for (size_t i = 0; i < count; i++) {
        char text[64];
        size_t len = 0;
        if (sipsec_validation_report_word(report, i, text, sizeof text, &len) == SIPSEC_OK &&
            strcmp(text, word) == 0) {
            return 1;
        }
    }
    return 0;
}

static void valid_uri_gives_an_empty_ok_report(void)
{
    sipsec_validation_report *report = NULL;
    CHECK_STATUS(sipsec_validate_uri(TEXT("sip:alice@example.com;transport=tls"), NULL,
                                     &report), SIPSEC_OK);
    CHECK(report != NULL);
    CHECK(sipsec_validation_report_ok(report));
    CHECK(sipsec_validation_report_count(report) == 0);
    sipsec_validation_report_free(report);
}

static void invalid_uri_lists_every_problem(void)
{
    sipsec_validation_report *report = NULL;
    CHECK_STATUS(sipsec_validate_uri(TEXT("sip:al%zce@exa_mple.com:99999"), NULL, &report),
                 SIPSEC_ERR_VALIDATION);
    CHECK(strstr(sipsec_last_error_message(), "uri_bad_escape") != NULL);
    CHECK(!sipsec_validation_report_ok(report));
    CHECK(sipsec_validation_report_count(report) == 3);

    int32_t code = 0;
    size_t offset = 0;
    bool is_error = false;
    CHECK_STATUS(sipsec_validation_report_problem(report, 0, &code, &offset, &is_error),
                 SIPSEC_OK);
    CHECK_STR(sipsec_validation_code_word(code), "uri_bad_escape");
    CHECK(offset == 6);
    CHECK(is_error);
    CHECK(report_has(report, "uri_bad_host"));
    CHECK(report_has(report, "uri_bad_port"));

    char reason[128];
    size_t len = 0;
    CHECK_STATUS(sipsec_validation_report_reason(report, 0, reason, sizeof reason, &len),
                 SIPSEC_OK);
    CHECK(len == strlen(reason) && len > 0);
    CHECK_STATUS(sipsec_validation_report_problem(report, 3, &code, &offset, &is_error),
                 SIPSEC_ERR_VALIDATION_NO_SUCH_PROBLEM);
    sipsec_validation_report_free(report);
}

static void word_buffer_one_byte_short(void)
{
    sipsec_validation_report *report = NULL;
    CHECK_STATUS(sipsec_validate_uri(TEXT("http://x"), NULL, &report), SIPSEC_ERR_VALIDATION);
    const char *word = "unknown_scheme";
    char buffer[32];
    memset(buffer, 'X', sizeof buffer);
    size_t len = 0;
    CHECK_STATUS(sipsec_validation_report_word(report, 0, buffer, strlen(word), &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len == strlen(word) + 1);
    CHECK(buffer[0] == 'X');
    CHECK_STATUS(sipsec_validation_report_word(report, 0, buffer, len, &len), SIPSEC_OK);
    CHECK_STR(buffer, word);
    CHECK(len == strlen(word));

    CHECK_STATUS(sipsec_validation_report_reason(report, 0, buffer, 1, &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len > 1);
    sipsec_validation_report_free(report);
}

static void headers_and_sdp(void)
{
    sipsec_validation_report *report = NULL;
    CHECK_STATUS(sipsec_validate_header(TEXT("Max-Forwards"), TEXT("70"), NULL, &report),
                 SIPSEC_OK);
    sipsec_validation_report_free(report);

    CHECK_STATUS(sipsec_validate_header(TEXT("Max-Forwards"), TEXT("256"), NULL, &report),
                 SIPSEC_ERR_VALIDATION);
    CHECK(report_has(report, "max_forwards_out_of_range"));
    sipsec_validation_report_free(report);

    CHECK_STATUS(sipsec_validate_header(TEXT("Subject"), TEXT("a\r\nVia: x"), NULL, &report),
                 SIPSEC_ERR_VALIDATION);
    CHECK(report_has(report, "header_injection"));
    sipsec_validation_report_free(report);

    static const char sdp[] = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n"
                              "m=audio 49170 RTP/AVP 0\r\n";
    CHECK_STATUS(sipsec_validate_sdp((const uint8_t *)sdp, sizeof sdp - 1, NULL, &report),
                 SIPSEC_ERR_VALIDATION);
    CHECK(report_has(report, "sdp_missing_connection"));
    sipsec_validation_report_free(report);
}

static void uri_equality(void)
{
    bool equal = false;
    CHECK_STATUS(sipsec_uri_equal(TEXT("sip:%61lice@atlanta.com;transport=TCP"),
                                  TEXT("sip:alice@AtLanTa.CoM;Transport=tcp"), &equal),
                 SIPSEC_OK);
    CHECK(equal);
    CHECK_STATUS(sipsec_uri_equal(TEXT("sip:bob@biloxi.com"), TEXT("sip:bob@biloxi.com:5060"),
                                  &equal), SIPSEC_OK);
    CHECK(!equal);
    equal = true;
    CHECK_STATUS(sipsec_uri_equal(TEXT("sip:a b"), TEXT("sip:x"), &equal),
                 SIPSEC_ERR_VALIDATION);
    CHECK(equal);
}

static void limits_are_configurable(void)
{
    sipsec_validation_limits limits;
    CHECK_STATUS(sipsec_validation_limits_default(&limits), SIPSEC_OK);
    CHECK(limits.max_input_bytes == 65536);
    limits.max_input_bytes = 8;
    sipsec_validation_report *report = NULL;
    CHECK_STATUS(sipsec_validate_uri(TEXT("sip:alice@example.com"), &limits, &report),
                 SIPSEC_ERR_VALIDATION);
    CHECK(report_has(report, "size_limit"));
    sipsec_validation_report_free(report);

    limits.max_problems = 0;
    report = NULL;
    CHECK_STATUS(sipsec_validate_uri(TEXT("sip:a@b"), &limits, &report),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK(report == NULL);
}

static void null_in_each_pointer_position(void)
{
    sipsec_validation_report *report = NULL;
    CHECK_STATUS(sipsec_validate_uri(NULL, 3, NULL, &report), SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_validate_uri(TEXT("sip:a@b"), NULL, NULL), SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_validate_uri(NULL, 0, NULL, &report), SIPSEC_ERR_VALIDATION);
    CHECK(report_has(report, "uri_empty"));
    sipsec_validation_report_free(report);

    CHECK_STATUS(sipsec_validate_header(NULL, 2, TEXT("1"), NULL, &report),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_validate_header(TEXT("To"), NULL, 2, NULL, &report),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_validate_header(TEXT("To"), TEXT("<sip:a@b>"), NULL, NULL),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_validate_message(NULL, 5, NULL, &report), SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_validate_message((const uint8_t *)"x", 1, NULL, NULL),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_validate_sdp(NULL, 5, NULL, &report), SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_validate_sdp((const uint8_t *)"v=0\r\n", 5, NULL, NULL),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_validation_limits_default(NULL), SIPSEC_ERR_NULL_POINTER);

    bool equal = false;
    CHECK_STATUS(sipsec_uri_equal(NULL, 3, TEXT("sip:a@b"), &equal), SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_uri_equal(TEXT("sip:a@b"), NULL, 3, &equal), SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_uri_equal(TEXT("sip:a@b"), "sip:\xff", 5, &equal),
                 SIPSEC_ERR_INVALID_UTF8);
    CHECK(strstr(sipsec_last_error_message(), "b: not valid UTF-8 at byte 4") != NULL);
    CHECK_STATUS(sipsec_uri_equal(TEXT("sip:a@b"), TEXT("sip:a@b"), NULL),
                 SIPSEC_ERR_NULL_POINTER);

    CHECK(!sipsec_validation_report_ok(NULL));
    CHECK(sipsec_validation_report_count(NULL) == 0);
    int32_t code;
    size_t offset;
    bool is_error;
    char text[16];
    size_t len;
    CHECK_STATUS(sipsec_validation_report_problem(NULL, 0, &code, &offset, &is_error),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_validate_uri(TEXT("http://x"), NULL, &report), SIPSEC_ERR_VALIDATION);
    CHECK_STATUS(sipsec_validation_report_problem(report, 0, NULL, &offset, &is_error),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_validation_report_problem(report, 0, &code, NULL, &is_error),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_validation_report_problem(report, 0, &code, &offset, NULL),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_validation_report_word(NULL, 0, text, sizeof text, &len),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_validation_report_word(report, 0, NULL, sizeof text, &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK_STATUS(sipsec_validation_report_word(report, 0, text, sizeof text, NULL),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_validation_report_reason(NULL, 0, text, sizeof text, &len),
                 SIPSEC_ERR_NULL_POINTER);
    CHECK_STATUS(sipsec_validation_report_reason(report, 0, NULL, sizeof text, &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK_STATUS(sipsec_validation_report_reason(report, 0, text, sizeof text, NULL),
                 SIPSEC_ERR_NULL_POINTER);
    sipsec_validation_report_free(report);
    sipsec_validation_report_free(NULL);

    CHECK_STR(sipsec_validation_code_word(-1), "");
    CHECK_STR(sipsec_validation_code_word(13), "uri_bad_escape");
}

/* Reads a whole file into a new buffer; the caller frees it. */
static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        return NULL;
    }
    unsigned char *data = malloc(1 << 16);
    *len = data != NULL ? fread(data, 1, 1 << 16, file) : 0;
    fclose(file);
    return data;
}

static void torture_messages_get_the_rfc_verdicts(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/expected.txt", torture_dir());
    FILE *manifest = fopen(path, "r");
    CHECK(manifest != NULL);
    if (manifest == NULL) {
        fprintf(stderr, "cannot open %s (set SIPSEC_TORTURE_DIR)\n", path);
        return;
    }

    char line[512];
    int checked = 0;
    while (fgets(line, sizeof line, manifest) != NULL) {
        char file[64], section[16], verdict[16], codes[256];
        if (line[0] == '#' || sscanf(line, "%63s %15s %15s %255s", file, section, verdict,
                                     codes) != 4) {
            continue;
        }
        snprintf(path, sizeof path, "%s/%s", torture_dir(), file);
        size_t len = 0;
        unsigned char *message = read_file(path, &len);
        CHECK(message != NULL);
        if (message == NULL) {
            continue;
        }
        sipsec_validation_report *report = NULL;
        sipsec_status status = sipsec_validate_message(message, len, NULL, &report);
        int valid = strcmp(verdict, "valid") == 0;
        if ((status == SIPSEC_OK) != valid || sipsec_validation_report_ok(report) != valid) {
            fprintf(stderr, "%s (RFC 4475 %s): expected %s\n", file, section, verdict);
            harness_current_failures++;
        }
        for (char *code = strtok(codes, ","); !valid && code != NULL; code = strtok(NULL, ",")) {
            if (!report_has(report, code)) {
                fprintf(stderr, "%s (RFC 4475 %s): missing %s\n", file, section, code);
                harness_current_failures++;
            }
        }
        sipsec_validation_report_free(report);
        free(message);
        checked++;
    }
    fclose(manifest);
    CHECK(checked == 50);
}

int main(void)
{
    harness_start();
    RUN(valid_uri_gives_an_empty_ok_report);
    RUN(invalid_uri_lists_every_problem);
    RUN(word_buffer_one_byte_short);
    RUN(headers_and_sdp);
    RUN(uri_equality);
    RUN(limits_are_configurable);
    RUN(null_in_each_pointer_position);
    RUN(torture_messages_get_the_rfc_verdicts);
    return harness_finish();
}
