/*
 * sipsec demo registrar: a small SIP registrar over UDP, written against sipsec.h only.
 *
 * It shows how a PBX module uses the library: one digest server handle shared by the
 * request loop, a challenge per configured algorithm on 401, a verdict per REGISTER, and
 * one log line per decision. It keeps Contact bindings in memory and answers 200 OK with
 * every binding of the address-of-record and its remaining expiry.
 *
 *   registrar [-a address] [-p port] [-r realm] [-A algorithms] [-q qop] [-u users-file]
 *             [-t nonce-ttl] [-d run-seconds]
 *
 * The users file holds one user per line, `password NAME SECRET` or
 * `ha1 NAME ALGORITHM HEX`; `#` starts a comment. Without -u one demo user is created
 * with a random password, printed at start.
 */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <sipsec.h>

#define MAX_DATAGRAM 65535
#define MAX_HEADERS 96
#define MAX_RESPONSE 16384
#define MAX_BINDINGS 1024
#define MAX_CONTACTS_PER_REQUEST 16
#define MAX_BINDINGS_PER_AOR 32
#define DEFAULT_EXPIRES 3600
#define MAX_EXPIRES 86400

struct options {
    const char *address;
    int port;
    const char *realm;
    const char *algorithms;
    const char *qop;
    const char *users_file;
    unsigned nonce_ttl;
    unsigned run_seconds;
};

struct header {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
};

struct request {
    const char *method;
    size_t method_len;
    const char *uri;
    size_t uri_len;
    struct header headers[MAX_HEADERS];
    size_t header_count;
    const char *body;
    size_t body_len;
};

struct binding {
    char aor[256];
    char contact[512];
    time_t expires_at;
};

struct peer {
    struct sockaddr_in addr;
    char ip[INET_ADDRSTRLEN];
    int port;
};

static struct binding bindings[MAX_BINDINGS];
static volatile sig_atomic_t stop_requested;

static void on_signal(int signo)
{
    (void)signo;
    stop_requested = 1;
}

/* ---- logging: one line per decision, never a secret ---- */

static void log_line(const struct peer *peer, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Values in a log line come from the network: control bytes are replaced so that a
 * hostile username cannot forge extra log lines. */
static void log_line(const struct peer *peer, const char *fmt, ...)
{
    char when[32];
    char text[1024];
    time_t now = time(NULL);
    struct tm tm_now;
    va_list args;

    gmtime_r(&now, &tm_now);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm_now);
    va_start(args, fmt);
    vsnprintf(text, sizeof text, fmt, args);
    va_end(args);
    for (char *p = text; *p != '\0'; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f) {
            *p = '?';
        }
    }
    printf("%s %s:%d %s\n", when, peer ? peer->ip : "-", peer ? peer->port : 0, text);
    fflush(stdout);
}

/* ---- randomness for tags and the demo password ---- */

static int random_token(char *out, size_t hex_chars)
{
    unsigned char bytes[32];
    size_t count = (hex_chars + 1) / 2;
    FILE *urandom = fopen("/dev/urandom", "rb");

    if (urandom == NULL || count > sizeof bytes || fread(bytes, 1, count, urandom) != count) {
        if (urandom != NULL) {
            fclose(urandom);
        }
        return -1;
    }
    fclose(urandom);
    for (size_t i = 0; i < hex_chars; i++) {
        out[i] = "0123456789abcdef"[(bytes[i / 2] >> ((i % 2) ? 0 : 4)) & 0xf];
    }
    out[hex_chars] = '\0';
    return 0;
}

/* ---- SIP parsing: just enough for REGISTER ---- */

static bool token_eq(const char *s, size_t len, const char *word)
{
    return strlen(word) == len && strncasecmp(s, word, len) == 0;
}

/* RFC 3261 section 7.3.3 compact forms of the headers this registrar reads. */
static const char *canonical_name(const char *name, size_t len)
{
    static const char *const compact[][2] = {
        {"v", "Via"}, {"f", "From"}, {"t", "To"}, {"i", "Call-ID"},
        {"m", "Contact"}, {"l", "Content-Length"},
    };
    for (size_t i = 0; i < sizeof compact / sizeof compact[0]; i++) {
        if (token_eq(name, len, compact[i][0])) {
            return compact[i][1];
        }
    }
    return NULL;
}

static bool header_is(const struct header *h, const char *name)
{
    const char *full = canonical_name(h->name, h->name_len);
    if (full != NULL) {
        return strcasecmp(full, name) == 0;
    }
    return token_eq(h->name, h->name_len, name);
}

static const struct header *find_header(const struct request *req, const char *name,
                                        size_t *start)
{
    for (size_t i = start ? *start : 0; i < req->header_count; i++) {
        if (header_is(&req->headers[i], name)) {
            if (start) {
                *start = i + 1;
            }
            return &req->headers[i];
        }
    }
    return NULL;
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t')) {
        (*len)--;
    }
}

/*
 * Splits the datagram in place: unfolds continuation lines (RFC 3261 section 7.3.1),
 * then reads the request line and the headers. Returns NULL or a reason for a 400.
 */
static const char *parse_request(char *buf, size_t len, struct request *req)
{
    char *end = buf + len;
    char *head_end = NULL;
    char *line;

    memset(req, 0, sizeof *req);
    for (char *p = buf; p + 3 < end; p++) {
        if (memcmp(p, "\r\n\r\n", 4) == 0) {
            head_end = p + 2;
            req->body = p + 4;
            req->body_len = (size_t)(end - (p + 4));
            break;
        }
    }
    if (head_end == NULL) {
        return "no end of headers";
    }
    for (char *p = buf; p + 2 < head_end; p++) {
        if (p[0] == '\r' && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t')) {
            p[0] = ' ';
            p[1] = ' ';
        }
    }

    line = buf;
    char *eol = memmem(line, (size_t)(head_end - line), "\r\n", 2);
    if (eol == NULL || eol > head_end) {
        return "no request line";
    }
    /* A bad request line is reported after the headers are read, so that the 400 can
     * still be addressed through the Via headers. */
    const char *line_problem = NULL;
    char *sp1 = memchr(line, ' ', (size_t)(eol - line));
    char *sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(eol - sp1 - 1)) : NULL;
    if (sp1 == NULL || sp2 == NULL || eol - sp2 - 1 != 7 || strncmp(sp2 + 1, "SIP/2.0", 7) != 0) {
        line_problem = "malformed request line";
    } else {
        req->method = line;
        req->method_len = (size_t)(sp1 - line);
        req->uri = sp1 + 1;
        req->uri_len = (size_t)(sp2 - sp1 - 1);
    }

    for (line = eol + 2; line < head_end; line = eol + 2) {
        eol = memmem(line, (size_t)(head_end + 2 - line), "\r\n", 2);
        if (eol == NULL || eol > head_end) {
            return "unterminated header line";
        }
        char *colon = memchr(line, ':', (size_t)(eol - line));
        if (colon == NULL) {
            return "header line without a colon";
        }
        if (req->header_count == MAX_HEADERS) {
            return "too many headers";
        }
        struct header *h = &req->headers[req->header_count++];
        h->name = line;
        h->name_len = (size_t)(colon - line);
        trim(&h->name, &h->name_len);
        h->value = colon + 1;
        h->value_len = (size_t)(eol - colon - 1);
        trim(&h->value, &h->value_len);
        if (h->name_len == 0) {
            return "empty header name";
        }
    }

    static const char *const required[] = {"Via", "From", "To", "Call-ID", "CSeq"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        if (find_header(req, required[i], NULL) == NULL) {
            return "missing mandatory header";
        }
    }
    return line_problem;
}

/* The URI inside a name-addr (`"Alice" <sip:alice@host>;tag=x`) or addr-spec. */
static void header_uri(const char *value, size_t len, const char **uri, size_t *uri_len)
{
    const char *open = memchr(value, '<', len);
    if (open != NULL) {
        const char *close = memchr(open, '>', len - (size_t)(open - value));
        if (close != NULL) {
            *uri = open + 1;
            *uri_len = (size_t)(close - open - 1);
            return;
        }
    }
    const char *semi = memchr(value, ';', len);
    *uri = value;
    *uri_len = semi ? (size_t)(semi - value) : len;
    trim(uri, uri_len);
}

/* The user part of a sip:/sips: URI, or an empty span. */
static void uri_user(const char *uri, size_t len, const char **user, size_t *user_len)
{
    const char *colon = memchr(uri, ':', len);
    const char *at = memchr(uri, '@', len);
    *user = uri;
    *user_len = 0;
    if (colon != NULL && at != NULL && at > colon) {
        *user = colon + 1;
        *user_len = (size_t)(at - colon - 1);
    }
}

/* A header parameter such as `expires=60` after the URI part of a Contact entry. */
static long contact_expires_param(const char *entry, size_t len)
{
    const char *close = memchr(entry, '>', len);
    const char *params = close ? close : entry;
    size_t rest = len - (size_t)(params - entry);

    for (const char *p = params; p + 8 <= params + rest; p++) {
        if (*p == ';' && strncasecmp(p + 1, "expires=", 8) == 0) {
            return strtol(p + 9, NULL, 10);
        }
    }
    return -1;
}

/* Splits a Contact value on commas outside quotes and angle brackets. Stores at most
 * `max` entries but returns how many there are, so that a caller can refuse the rest
 * rather than drop them unseen. */
static size_t split_contacts(const char *value, size_t len, const char **starts,
                             size_t *lens, size_t max)
{
    size_t count = 0;
    bool quoted = false;
    int angle = 0;
    const char *start = value;

    for (const char *p = value; p <= value + len; p++) {
        bool at_end = p == value + len;
        if (!at_end && *p == '"' && (p == value || p[-1] != '\\')) {
            quoted = !quoted;
        } else if (!at_end && !quoted && *p == '<') {
            angle++;
        } else if (!at_end && !quoted && *p == '>') {
            angle--;
        }
        if (at_end || (*p == ',' && !quoted && angle == 0)) {
            const char *entry = start;
            size_t entry_len = (size_t)(p - start);
            trim(&entry, &entry_len);
            if (entry_len > 0) {
                if (count < max) {
                    starts[count] = entry;
                    lens[count] = entry_len;
                }
                count++;
            }
            start = p + 1;
        }
    }
    return count;
}

/* ---- bindings ---- */

static void expire_bindings(time_t now)
{
    for (size_t i = 0; i < MAX_BINDINGS; i++) {
        if (bindings[i].aor[0] != '\0' && bindings[i].expires_at <= now) {
            bindings[i].aor[0] = '\0';
        }
    }
}

static struct binding *find_binding(const char *aor, const char *contact)
{
    for (size_t i = 0; i < MAX_BINDINGS; i++) {
        if (bindings[i].aor[0] != '\0' && strcmp(bindings[i].aor, aor) == 0 &&
            strcmp(bindings[i].contact, contact) == 0) {
            return &bindings[i];
        }
    }
    return NULL;
}

static struct binding *free_binding(void)
{
    for (size_t i = 0; i < MAX_BINDINGS; i++) {
        if (bindings[i].aor[0] == '\0') {
            return &bindings[i];
        }
    }
    return NULL;
}

static size_t count_bindings(const char *aor)
{
    size_t count = 0;
    for (size_t i = 0; i < MAX_BINDINGS; i++) {
        if (bindings[i].aor[0] != '\0' && strcmp(bindings[i].aor, aor) == 0) {
            count++;
        }
    }
    return count;
}

static void remove_all_bindings(const char *aor)
{
    for (size_t i = 0; i < MAX_BINDINGS; i++) {
        if (strcmp(bindings[i].aor, aor) == 0) {
            bindings[i].aor[0] = '\0';
        }
    }
}

/* The number of Contact entries over all Contact headers of the request. */
static size_t count_contacts(const struct request *req)
{
    const char *entries[1];
    size_t lens[1];
    size_t cursor = 0, total = 0;
    const struct header *contact;

    while ((contact = find_header(req, "Contact", &cursor)) != NULL) {
        total += split_contacts(contact->value, contact->value_len, entries, lens, 0);
    }
    return total;
}

/*
 * Applies the request's Contact headers to the bindings of `aor` (RFC 3261 section 10.3,
 * steps 6 and 7). Returns NULL or a reason for a 400. Too many Contacts is refused before
 * any binding changes; the other refusals stop at the offending entry.
 */
static const char *update_bindings(const struct request *req, const char *aor, time_t now)
{
    const struct header *expires_header = find_header(req, "Expires", NULL);
    long default_expires = expires_header ? strtol(expires_header->value, NULL, 10)
                                          : DEFAULT_EXPIRES;
    size_t cursor = 0;
    const struct header *contact;

    if (count_contacts(req) > MAX_CONTACTS_PER_REQUEST) {
        return "too many Contacts in one request";
    }

    while ((contact = find_header(req, "Contact", &cursor)) != NULL) {
        const char *entries[MAX_CONTACTS_PER_REQUEST];
        size_t lens[MAX_CONTACTS_PER_REQUEST];
        size_t count = split_contacts(contact->value, contact->value_len, entries, lens,
                                      MAX_CONTACTS_PER_REQUEST);
        for (size_t i = 0; i < count && i < MAX_CONTACTS_PER_REQUEST; i++) {
            if (lens[i] == 1 && entries[i][0] == '*') {
                if (default_expires != 0) {
                    return "Contact: * needs Expires: 0";
                }
                remove_all_bindings(aor);
                continue;
            }
            const char *uri;
            size_t uri_len;
            char contact_uri[sizeof bindings[0].contact];
            long expires = contact_expires_param(entries[i], lens[i]);
            header_uri(entries[i], lens[i], &uri, &uri_len);
            if (uri_len == 0 || uri_len >= sizeof contact_uri) {
                return "unusable Contact URI";
            }
            memcpy(contact_uri, uri, uri_len);
            contact_uri[uri_len] = '\0';
            if (expires < 0) {
                expires = default_expires;
            }
            if (expires > MAX_EXPIRES) {
                expires = MAX_EXPIRES;
            }

            struct binding *b = find_binding(aor, contact_uri);
            if (expires == 0) {
                if (b != NULL) {
                    b->aor[0] = '\0';
                }
                continue;
            }
            /* A per-AOR cap keeps one authenticated user from filling the table that
             * every other user's registrations need. */
            if (b == NULL && count_bindings(aor) >= MAX_BINDINGS_PER_AOR) {
                return "too many bindings for this address-of-record";
            }
            if (b == NULL && (b = free_binding()) == NULL) {
                return "binding table full";
            }
            snprintf(b->aor, sizeof b->aor, "%s", aor);
            snprintf(b->contact, sizeof b->contact, "%s", contact_uri);
            b->expires_at = now + expires;
        }
    }
    return NULL;
}

/* ---- responses ---- */

static void response_value(const struct request *req, const struct header *h,
                           const char **value, int *value_len);


struct response {
    char text[MAX_RESPONSE];
    size_t len;
    bool overflow;
};

static void append(struct response *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void append(struct response *r, const char *fmt, ...)
{
    va_list args;
    int written;

    if (r->overflow) {
        return;
    }
    va_start(args, fmt);
    written = vsnprintf(r->text + r->len, sizeof r->text - r->len, fmt, args);
    va_end(args);
    if (written < 0 || (size_t)written >= sizeof r->text - r->len) {
        r->overflow = true;
        return;
    }
    r->len += (size_t)written;
}

/* Reason text for a status line or Warning: printable ASCII, no quotes. */
static void clean_reason(const char *in, char *out, size_t out_size)
{
    size_t n = 0;
    for (; *in != '\0' && n + 1 < out_size; in++) {
        out[n++] = (*in >= 0x20 && *in < 0x7f && *in != '"' && *in != '\\') ? *in : ' ';
    }
    out[n] = '\0';
}

static void start_response(struct response *r, const struct request *req, int code,
                           const char *phrase, const char *to_tag)
{
    static const char *const copied[] = {"Via", "From", "To", "Call-ID", "CSeq"};

    append(r, "SIP/2.0 %d %s\r\n", code, phrase);
    for (size_t c = 0; c < sizeof copied / sizeof copied[0]; c++) {
        size_t cursor = 0;
        const struct header *h;
        while ((h = find_header(req, copied[c], &cursor)) != NULL) {
            const char *value;
            int value_len;
            response_value(req, h, &value, &value_len);
            append(r, "%s: %.*s", copied[c], value_len, value);
            if (strcmp(copied[c], "To") == 0 && to_tag != NULL &&
                memmem(h->value, h->value_len, ";tag=", 5) == NULL) {
                append(r, ";tag=%s", to_tag);
            }
            append(r, "\r\n");
        }
    }
    append(r, "Server: sipsec-registrar/%s\r\n", sipsec_version());
}

static void finish_response(struct response *r)
{
    append(r, "Content-Length: 0\r\n\r\n");
}

static void send_response(int sock, const struct peer *peer, const struct response *r)
{
    if (r->overflow) {
        log_line(peer, "response too large; not sent");
        return;
    }
    if (sendto(sock, r->text, r->len, 0, (const struct sockaddr *)&peer->addr,
               sizeof peer->addr) < 0) {
        log_line(peer, "sendto failed: %s", strerror(errno));
    }
}

static void send_simple(int sock, const struct peer *peer, const struct request *req,
                        int code, const char *phrase, const char *warning)
{
    struct response r = {.len = 0};
    char tag[17];

    random_token(tag, 16);
    start_response(&r, req, code, phrase, tag);
    if (warning != NULL) {
        char clean[256];
        clean_reason(warning, clean, sizeof clean);
        append(&r, "Warning: 399 sipsec \"%s\"\r\n", clean);
    }
    finish_response(&r);
    send_response(sock, peer, &r);
}

/* A 400 for a datagram that could not even be split into headers: answered only when
 * the mandatory headers for a response could be found, as a registrar cannot route
 * anything else. */
static void send_bad_request(int sock, const struct peer *peer, const struct request *req,
                             const char *reason)
{
    char phrase[160];
    char clean[128];

    clean_reason(reason, clean, sizeof clean);
    snprintf(phrase, sizeof phrase, "Bad Request (%s)", clean);
    send_simple(sock, peer, req, 400, phrase, clean);
}

static void send_challenge(int sock, const struct peer *peer, const struct request *req,
                           const sipsec_digest_server *server, bool stale)
{
    struct response r = {.len = 0};
    size_t algorithms = 0;
    char tag[17];

    random_token(tag, 16);
    start_response(&r, req, 401, "Unauthorized", tag);
    if (sipsec_digest_server_algorithm_count(server, &algorithms) != SIPSEC_OK) {
        algorithms = 0;
    }
    for (size_t i = 0; i < algorithms; i++) {
        char value[1024];
        size_t value_len = 0;
        sipsec_status status = sipsec_digest_server_challenge(server, i, stale, value,
                                                              sizeof value, &value_len);
        if (status != SIPSEC_OK) {
            log_line(peer, "challenge failed: %s", sipsec_last_error_message());
            continue;
        }
        append(&r, "WWW-Authenticate: %s\r\n", value);
    }
    finish_response(&r);
    send_response(sock, peer, &r);
}

static void send_registered(int sock, const struct peer *peer, const struct request *req,
                            const char *aor, time_t now)
{
    struct response r = {.len = 0};
    char tag[17];

    random_token(tag, 16);
    start_response(&r, req, 200, "OK", tag);
    for (size_t i = 0; i < MAX_BINDINGS; i++) {
        if (bindings[i].aor[0] != '\0' && strcmp(bindings[i].aor, aor) == 0) {
            append(&r, "Contact: <%s>;expires=%ld\r\n", bindings[i].contact,
                   (long)(bindings[i].expires_at - now));
        }
    }
    append(&r, "Date: ");
    char date[64];
    struct tm tm_now;
    gmtime_r(&now, &tm_now);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm_now);
    append(&r, "%s\r\n", date);
    finish_response(&r);
    send_response(sock, peer, &r);
}

/* ---- guards: per-source rate limits and the top Via (RFC 3581) ---- */

/*
 * Every datagram is counted per source before it is parsed. A source over its request
 * rate is dropped silently: answering a flood (503 or anything else) would spend the
 * bandwidth the attacker wants spent, and would reflect traffic to a spoofed address.
 * One log line per second says how many were dropped. Failed authentications are
 * counted separately: past the burst, a source's REGISTERs are answered 403 without
 * checking credentials until the bucket refills, which stops password guessing.
 */
#define GUARD_MAX_SOURCES 10000
#define GUARD_REQUEST_RATE 20.0
#define GUARD_REQUEST_BURST 40.0
#define GUARD_AUTH_FAILURE_RATE 0.1
#define GUARD_AUTH_FAILURE_BURST 5.0
#define GUARD_MAX_VIA 2048

struct guards {
    sipsec_rate_limiter *requests;
    sipsec_rate_limiter *auth_failures;
    time_t drop_logged_at;
    unsigned long dropped;
    char top_via[GUARD_MAX_VIA + 64];
    size_t top_via_len;
    bool top_via_ready;
};

static struct guards guards;

static int guards_open(void)
{
    if (sipsec_rate_limiter_new(GUARD_REQUEST_RATE, GUARD_REQUEST_BURST, GUARD_MAX_SOURCES,
                                64, &guards.requests) != SIPSEC_OK ||
        sipsec_rate_limiter_new(GUARD_AUTH_FAILURE_RATE, GUARD_AUTH_FAILURE_BURST,
                                GUARD_MAX_SOURCES, 64, &guards.auth_failures) != SIPSEC_OK) {
        fprintf(stderr, "cannot create the rate limiters: %s\n", sipsec_last_error_message());
        return -1;
    }
    return 0;
}

static void guards_close(void)
{
    sipsec_rate_limiter_free(guards.requests);
    sipsec_rate_limiter_free(guards.auth_failures);
}

/* Counts one datagram from `peer`; false means drop it. Also starts a new datagram's
 * Via state. */
static bool guard_admit(const struct peer *peer)
{
    bool allowed = true;
    time_t now = time(NULL);

    guards.top_via_ready = false;
    if (sipsec_rate_limiter_allow(guards.requests, peer->ip, strlen(peer->ip), &allowed) !=
        SIPSEC_OK) {
        log_line(peer, "rate limiter failed: %s", sipsec_last_error_message());
        return true;
    }
    if (allowed) {
        return true;
    }
    guards.dropped++;
    if (now != guards.drop_logged_at) {
        log_line(peer, "decision=drop reason=rate_limited dropped=%lu", guards.dropped);
        guards.drop_logged_at = now;
        guards.dropped = 0;
    }
    return false;
}

/*
 * Records the real source in the top Via (received, rport) for every response to this
 * request. A Via whose received/rport contradict the source, or that does not parse, is
 * answered 400 with the Via as received; false means that answer was sent.
 */
static bool guard_top_via(int sock, const struct peer *peer, const struct request *req)
{
    const struct header *via = find_header(req, "Via", NULL);
    sipsec_status status;

    if (via->value_len > GUARD_MAX_VIA) {
        log_line(peer, "decision=400 reason=via_too_long");
        send_bad_request(sock, peer, req, "Via too long");
        return false;
    }
    status = sipsec_via_received_rport(via->value, via->value_len, peer->ip,
                                       strlen(peer->ip), (uint16_t)peer->port, guards.top_via,
                                       sizeof guards.top_via, &guards.top_via_len);
    if (status != SIPSEC_OK) {
        char detail[200];
        /* An ACK is never answered (RFC 3261 section 17), so it is only dropped. */
        bool is_ack = token_eq(req->method, req->method_len, "ACK");
        snprintf(detail, sizeof detail, "%s", sipsec_last_error_message());
        log_line(peer, "%.*s decision=%s reason=%s detail=%s", (int)req->method_len,
                 req->method, is_ack ? "drop" : "400",
                 status == SIPSEC_ERR_VIA_MISMATCH ? "via_mismatch" : "via_malformed", detail);
        if (!is_ack) {
            send_bad_request(sock, peer, req, detail);
        }
        return false;
    }
    guards.top_via_ready = true;
    return true;
}

/* The value a response copies for header `h`: the rewritten top Via, or as received. */
static void response_value(const struct request *req, const struct header *h,
                           const char **value, int *value_len)
{
    if (guards.top_via_ready && h == find_header(req, "Via", NULL)) {
        *value = guards.top_via;
        *value_len = (int)guards.top_via_len;
        return;
    }
    *value = h->value;
    *value_len = (int)h->value_len;
}

/* True when `peer` has used up its failed authentications; a 403 was then sent. */
static bool guard_auth_blocked(int sock, const struct peer *peer, const struct request *req,
                               const char *aor)
{
    bool allowed = true;

    sipsec_rate_limiter_would_allow(guards.auth_failures, peer->ip, strlen(peer->ip),
                                    &allowed);
    if (allowed) {
        return false;
    }
    log_line(peer, "REGISTER aor=%s decision=403 reason=too_many_auth_failures", aor);
    send_simple(sock, peer, req, 403, "Forbidden", "too many failed authentications");
    return true;
}

static void guard_auth_failed(const struct peer *peer)
{
    bool allowed = true;

    sipsec_rate_limiter_allow(guards.auth_failures, peer->ip, strlen(peer->ip), &allowed);
}

/* ---- REGISTER ---- */

/*
 * Tries each Authorization header until one is for our realm: a request may carry
 * credentials for several realms (RFC 3261 section 22.3).
 */
static bool verify_credentials(const sipsec_digest_server *server, const struct request *req,
                               sipsec_digest_verdict *verdict, char *username,
                               size_t username_cap, bool *had_credentials)
{
    size_t cursor = 0;
    const struct header *auth;

    *had_credentials = false;
    while ((auth = find_header(req, "Authorization", &cursor)) != NULL) {
        size_t username_len = 0;
        /* Credentials of another scheme are not for us (RFC 4475 section 3.3.7): the
         * request is treated as carrying none, and gets a challenge. */
        if (auth->value_len < 7 || strncasecmp(auth->value, "Digest", 6) != 0 ||
            (auth->value[6] != ' ' && auth->value[6] != '\t')) {
            continue;
        }
        *had_credentials = true;
        username[0] = '\0';
        sipsec_status status = sipsec_digest_server_verify(
            server, req->method, req->method_len, req->uri, req->uri_len, auth->value,
            auth->value_len, (const uint8_t *)req->body, req->body_len, verdict, username,
            username_cap, &username_len);
        if (status != SIPSEC_OK) {
            verdict->outcome = SIPSEC_DIGEST_REJECTED;
            verdict->reason = SIPSEC_DIGEST_REASON_MALFORMED;
            return true;
        }
        if (verdict->reason != SIPSEC_DIGEST_REASON_WRONG_REALM) {
            return true;
        }
    }
    return *had_credentials;
}

static void handle_register(int sock, const struct peer *peer, const struct request *req,
                            const sipsec_digest_server *server)
{
    sipsec_digest_verdict verdict;
    char username[256];
    bool had_credentials;
    const struct header *to = find_header(req, "To", NULL);
    const char *to_uri, *to_user;
    size_t to_uri_len, to_user_len;
    char aor[sizeof bindings[0].aor];
    time_t now = time(NULL);

    header_uri(to->value, to->value_len, &to_uri, &to_uri_len);
    if (to_uri_len == 0 || to_uri_len >= sizeof aor) {
        log_line(peer, "REGISTER decision=400 reason=unusable_to_uri");
        send_bad_request(sock, peer, req, "unusable To URI");
        return;
    }
    memcpy(aor, to_uri, to_uri_len);
    aor[to_uri_len] = '\0';
    if (guard_auth_blocked(sock, peer, req, aor)) {
        return;
    }

    if (!verify_credentials(server, req, &verdict, username, sizeof username,
                            &had_credentials)) {
        log_line(peer, "REGISTER aor=%s decision=401 reason=%s", aor,
                 had_credentials ? "wrong_realm" : "no_credentials");
        send_challenge(sock, peer, req, server, false);
        return;
    }

    const char *reason = sipsec_digest_reason_str(verdict.reason);
    if (verdict.outcome == SIPSEC_DIGEST_STALE) {
        log_line(peer, "REGISTER aor=%s user=%s decision=401 reason=%s stale=true", aor,
                 username, reason);
        send_challenge(sock, peer, req, server, true);
        return;
    }
    if (verdict.outcome != SIPSEC_DIGEST_OK) {
        if (verdict.reason == SIPSEC_DIGEST_REASON_MALFORMED) {
            char detail[200];
            snprintf(detail, sizeof detail, "malformed Authorization: %s",
                     sipsec_last_error_message());
            log_line(peer, "REGISTER aor=%s decision=400 reason=%s", aor, detail);
            guard_auth_failed(peer);
            send_bad_request(sock, peer, req, detail);
            return;
        }
        /* Unknown user, wrong password and replay all get the same fresh challenge, so
         * the client learns nothing about which check failed. */
        log_line(peer, "REGISTER aor=%s user=%s decision=401 reason=%s", aor, username,
                 reason);
        guard_auth_failed(peer);
        send_challenge(sock, peer, req, server, false);
        return;
    }

    /* The user part of a SIP URI is case-sensitive (RFC 3261 section 19.1.4), and so are
     * digest usernames: "alice" must not register the address of a user "ALICE". */
    uri_user(to_uri, to_uri_len, &to_user, &to_user_len);
    if (strlen(username) != to_user_len || memcmp(to_user, username, to_user_len) != 0) {
        log_line(peer, "REGISTER aor=%s user=%s decision=403 reason=aor_not_owned", aor,
                 username);
        send_simple(sock, peer, req, 403, "Forbidden", "user may not register this AOR");
        return;
    }

    expire_bindings(now);
    const char *binding_error = update_bindings(req, aor, now);
    if (binding_error != NULL) {
        log_line(peer, "REGISTER aor=%s user=%s decision=400 reason=%s", aor, username,
                 binding_error);
        send_bad_request(sock, peer, req, binding_error);
        return;
    }
    log_line(peer, "REGISTER aor=%s user=%s decision=200", aor, username);
    send_registered(sock, peer, req, aor, now);
}

/*
 * Runs the full sipsec message validator over the raw datagram, before this file's own
 * lenient parser sees it. Returns false and writes the first error (machine word and
 * reason) to `why` when the message is invalid; every error word is logged.
 */
static bool validate_datagram(const struct peer *peer, const char *datagram, size_t len,
                              char *why, size_t why_cap)
{
    sipsec_validation_report *report = NULL;
    sipsec_status status = sipsec_validate_message((const uint8_t *)datagram, len, NULL,
                                                   &report);
    char words[512] = "";
    size_t words_len = 0;
    bool first = true;

    if (status != SIPSEC_OK && status != SIPSEC_ERR_VALIDATION) {
        snprintf(why, why_cap, "unvalidated: %s", sipsec_last_error_message());
        sipsec_validation_report_free(report);
        return false;
    }
    if (sipsec_validation_report_ok(report)) {
        sipsec_validation_report_free(report);
        return true;
    }

    size_t count = sipsec_validation_report_count(report);
    for (size_t i = 0; i < count; i++) {
        int32_t code;
        size_t offset;
        bool is_error;
        char reason[256];
        size_t reason_len;
        if (sipsec_validation_report_problem(report, i, &code, &offset, &is_error) ||
            !is_error) {
            continue;
        }
        const char *word = sipsec_validation_code_word(code);
        int added = snprintf(words + words_len, sizeof words - words_len, "%s%s@%zu",
                             first ? "" : ",", word, offset);
        if (added > 0 && (size_t)added < sizeof words - words_len) {
            words_len += (size_t)added;
        }
        if (first) {
            if (sipsec_validation_report_reason(report, i, reason, sizeof reason,
                                                &reason_len) != SIPSEC_OK) {
                snprintf(reason, sizeof reason, "invalid");
            }
            snprintf(why, why_cap, "%s: %s", word, reason);
            first = false;
        }
    }
    log_line(peer, "invalid message: %s", words);
    sipsec_validation_report_free(report);
    return false;
}

static void handle_datagram(int sock, const struct peer *peer, char *datagram, size_t len,
                            const sipsec_digest_server *server)
{
    struct request req;
    const char *problem;
    char invalid[300];

    if (!guard_admit(peer)) {
        return;
    }
    if (!validate_datagram(peer, datagram, len, invalid, sizeof invalid)) {
        /* Responses and ACKs are never answered (RFC 3261 section 17.2.1). */
        bool is_response = len >= 7 && memcmp(datagram, "SIP/2.0", 7) == 0;
        problem = parse_request(datagram, len, &req);
        bool is_ack = req.method != NULL && token_eq(req.method, req.method_len, "ACK");
        bool silent = is_response || is_ack;
        log_line(peer, "decision=%s reason=%s", silent ? "drop" : "400", invalid);
        if (!silent && req.header_count > 0 && find_header(&req, "Via", NULL) != NULL) {
            send_bad_request(sock, peer, &req, invalid);
        }
        return;
    }
    if (len >= 7 && memcmp(datagram, "SIP/2.0", 7) == 0) {
        log_line(peer, "response ignored");
        return;
    }
    problem = parse_request(datagram, len, &req);
    if (problem != NULL) {
        log_line(peer, "decision=400 reason=%s", problem);
        if (req.header_count > 0 && find_header(&req, "Via", NULL) != NULL) {
            send_bad_request(sock, peer, &req, problem);
        }
        return;
    }
    if (!guard_top_via(sock, peer, &req)) {
        return;
    }
    if (token_eq(req.method, req.method_len, "REGISTER")) {
        handle_register(sock, peer, &req, server);
    } else if (token_eq(req.method, req.method_len, "ACK")) {
        log_line(peer, "ACK ignored");
    } else if (token_eq(req.method, req.method_len, "OPTIONS")) {
        log_line(peer, "OPTIONS decision=200");
        send_simple(sock, peer, &req, 200, "OK", NULL);
    } else {
        log_line(peer, "%.*s decision=405", (int)req.method_len, req.method);
        send_simple(sock, peer, &req, 405, "Method Not Allowed", "only REGISTER is served");
    }
}

/* ---- set-up ---- */

static int add_users_from_file(sipsec_digest_server *server, const char *path)
{
    FILE *file = fopen(path, "r");
    char line[1024];
    int users = 0;

    if (file == NULL) {
        fprintf(stderr, "cannot open users file %s: %s\n", path, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof line, file) != NULL) {
        char *save = NULL;
        line[strcspn(line, "\r\n")] = '\0';
        char *kind = strtok_r(line, " \t", &save);
        if (kind == NULL || kind[0] == '#') {
            continue;
        }
        char *name = strtok_r(NULL, " \t", &save);
        sipsec_status status = SIPSEC_ERR_INVALID_ARGUMENT;
        if (name != NULL && strcmp(kind, "password") == 0) {
            char *secret = strtok_r(NULL, "", &save);
            if (secret != NULL) {
                status = sipsec_digest_server_add_user(server, name, strlen(name), secret,
                                                       strlen(secret));
            }
        } else if (name != NULL && strcmp(kind, "ha1") == 0) {
            char *algorithm = strtok_r(NULL, " \t", &save);
            char *hex = strtok_r(NULL, " \t", &save);
            if (algorithm != NULL && hex != NULL) {
                status = sipsec_digest_server_add_user_ha1(server, name, strlen(name),
                                                           algorithm, strlen(algorithm), hex,
                                                           strlen(hex));
            }
        }
        if (status != SIPSEC_OK) {
            fprintf(stderr, "users file %s: bad line for user %s: %s\n", path,
                    name ? name : "(none)", sipsec_last_error_message());
            fclose(file);
            return -1;
        }
        users++;
    }
    fclose(file);
    return users;
}

static int add_demo_user(sipsec_digest_server *server)
{
    char password[17];

    if (random_token(password, 16) != 0) {
        fprintf(stderr, "cannot read /dev/urandom\n");
        return -1;
    }
    if (sipsec_digest_server_add_user(server, "demo", 4, password, strlen(password))) {
        fprintf(stderr, "cannot add the demo user: %s\n", sipsec_last_error_message());
        return -1;
    }
    /* Printed once for the operator so the first run needs no configuration. */
    printf("demo user: demo  password: %s\n", password);
    return 1;
}

static void usage(const char *program)
{
    fprintf(stderr,
            "usage: %s [-a address] [-p port] [-r realm] [-A algorithms] [-q qop]\n"
            "          [-u users-file] [-t nonce-ttl-seconds] [-d run-seconds]\n"
            "defaults: -a 127.0.0.1 -p 5060 -r sipsec.test -A SHA-256,MD5 -q auth -t 300\n",
            program);
}

static int parse_options(int argc, char **argv, struct options *opt)
{
    int c;

    *opt = (struct options){"127.0.0.1", 5060, "sipsec.test", "SHA-256,MD5", "auth",
                            NULL, 300, 0};
    while ((c = getopt(argc, argv, "a:p:r:A:q:u:t:d:h")) != -1) {
        switch (c) {
        case 'a': opt->address = optarg; break;
        case 'p': opt->port = atoi(optarg); break;
        case 'r': opt->realm = optarg; break;
        case 'A': opt->algorithms = optarg; break;
        case 'q': opt->qop = optarg; break;
        case 'u': opt->users_file = optarg; break;
        case 't': opt->nonce_ttl = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'd': opt->run_seconds = (unsigned)strtoul(optarg, NULL, 10); break;
        default: usage(argv[0]); return -1;
        }
    }
    if (opt->port <= 0 || opt->port > 65535) {
        fprintf(stderr, "bad port\n");
        return -1;
    }
    return 0;
}

static int open_socket(const struct options *opt)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)opt->port)};
    struct timeval tick = {.tv_sec = 0, .tv_usec = 200000};
    int sock = socket(AF_INET, SOCK_DGRAM, 0);

    if (sock < 0 || inet_pton(AF_INET, opt->address, &addr.sin_addr) != 1) {
        fprintf(stderr, "bad address %s\n", opt->address);
        return -1;
    }
    /* A short receive timeout lets the loop notice signals and the run-time limit. */
    setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tick, sizeof tick);
    if (bind(sock, (struct sockaddr *)&addr, sizeof addr) != 0) {
        fprintf(stderr, "cannot bind %s:%d: %s\n", opt->address, opt->port, strerror(errno));
        close(sock);
        return -1;
    }
    return sock;
}

static void serve(int sock, const struct options *opt, const sipsec_digest_server *server)
{
    static char datagram[MAX_DATAGRAM + 1];
    time_t deadline = opt->run_seconds ? time(NULL) + (time_t)opt->run_seconds : 0;

    while (!stop_requested && (deadline == 0 || time(NULL) < deadline)) {
        struct peer peer;
        socklen_t addr_len = sizeof peer.addr;
        ssize_t n = recvfrom(sock, datagram, MAX_DATAGRAM, 0, (struct sockaddr *)&peer.addr,
                             &addr_len);
        if (n < 0) {
            continue;
        }
        datagram[n] = '\0';
        inet_ntop(AF_INET, &peer.addr.sin_addr, peer.ip, sizeof peer.ip);
        peer.port = ntohs(peer.addr.sin_port);
        handle_datagram(sock, &peer, datagram, (size_t)n, server);
    }
}

int main(int argc, char **argv)
{
    struct options opt;
    sipsec_digest_server *server = NULL;
    int sock, users;

    if (parse_options(argc, argv, &opt) != 0) {
        return 2;
    }
    if (sipsec_digest_server_new(opt.realm, strlen(opt.realm), opt.algorithms,
                                 strlen(opt.algorithms), opt.qop, strlen(opt.qop),
                                 opt.nonce_ttl, 0, &server) != SIPSEC_OK) {
        fprintf(stderr, "cannot create the digest server: %s\n", sipsec_last_error_message());
        return 2;
    }
    users = opt.users_file ? add_users_from_file(server, opt.users_file)
                           : add_demo_user(server);
    sock = users < 0 || guards_open() != 0 ? -1 : open_socket(&opt);
    if (sock < 0) {
        guards_close();
        sipsec_digest_server_free(server);
        return 2;
    }

    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    printf("sipsec registrar %s listening on udp %s:%d realm=%s algorithms=%s qop=%s "
           "users=%d\n", sipsec_version(), opt.address, opt.port, opt.realm, opt.algorithms,
           opt.qop, users);
    fflush(stdout);

    serve(sock, &opt, server);

    close(sock);
    guards_close();
    sipsec_digest_server_free(server);
    log_line(NULL, "stopped");
    return 0;
}
