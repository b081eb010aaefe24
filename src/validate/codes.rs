//! The stable problem codes. Numbers and machine words never change meaning; new codes are
//! only appended.

/// How much a problem matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    /// The input breaks the grammar or a MUST of the RFC: it is invalid.
    Error,
    /// The input is acceptable but unusual (an RFC 2543 leftover, extra UDP octets).
    Warning,
}

macro_rules! problem_codes {
    ($( $(#[$doc:meta])* $name:ident = $number:literal, $word:literal, $severity:ident; )*) => {
        /// What a [`super::Problem`] is about. Each code has a fixed number (its C value) and
        /// a fixed snake_case machine word.
        #[repr(u16)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ProblemCode {
            $( $(#[$doc])* $name = $number, )*
        }

        impl ProblemCode {
            /// Every code, in number order.
            pub const ALL: &'static [ProblemCode] = &[ $( ProblemCode::$name, )* ];

            /// The stable snake_case machine word, such as `uri_bad_escape`.
            pub fn word(self) -> &'static str {
                match self { $( ProblemCode::$name => $word, )* }
            }

            /// The machine word with a trailing NUL, for C callers.
            pub fn word_c(self) -> &'static str {
                match self { $( ProblemCode::$name => concat!($word, "\0"), )* }
            }

            /// Whether the problem makes the input invalid.
            pub fn severity(self) -> Severity {
                match self { $( ProblemCode::$name => Severity::$severity, )* }
            }
        }
    };
}

problem_codes! {
    /// The input is larger than a configured limit and was not examined past it.
    SizeLimit = 1, "size_limit", Error;
    /// More problems were found than the report may hold.
    TooManyProblems = 2, "too_many_problems", Error;

    /// The URI is empty.
    UriEmpty = 10, "uri_empty", Error;
    /// The scheme is missing or has characters a scheme may not have.
    UriBadScheme = 11, "uri_bad_scheme", Error;
    /// The scheme is well formed but not sip, sips or tel.
    UnknownScheme = 12, "unknown_scheme", Error;
    /// A `%` is not followed by two hexadecimal digits.
    UriBadEscape = 13, "uri_bad_escape", Error;
    /// The user part has a character RFC 3261 does not allow there, or is empty.
    UriBadUser = 14, "uri_bad_user", Error;
    /// The password has a character RFC 3261 does not allow there.
    UriBadPassword = 15, "uri_bad_password", Error;
    /// The host is missing, or is neither a hostname nor an IPv4 address.
    UriBadHost = 16, "uri_bad_host", Error;
    /// An IPv6 reference is malformed, unbracketed or unterminated.
    UriBadIpv6 = 17, "uri_bad_ipv6", Error;
    /// The port is not a number from 0 to 65535.
    UriBadPort = 18, "uri_bad_port", Error;
    /// A URI parameter is empty or has characters a parameter may not have.
    UriBadParam = 19, "uri_bad_param", Error;
    /// A known URI parameter (transport, user, method, ttl, maddr, lr) has a bad value.
    UriBadParamValue = 20, "uri_bad_param_value", Error;
    /// A known URI parameter appears twice.
    UriDuplicateParam = 21, "uri_duplicate_param", Error;
    /// A URI header (`?name=value`) is malformed.
    UriBadHeader = 22, "uri_bad_header", Error;
    /// The user part of a `user=phone` URI is not a telephone-subscriber (RFC 3966).
    UriBadTelephoneSubscriber = 23, "uri_bad_telephone_subscriber", Error;
    /// A tel URI number is malformed (RFC 3966).
    TelBadNumber = 24, "tel_bad_number", Error;
    /// A local tel number has no phone-context parameter (RFC 3966 section 5.1.5).
    TelMissingContext = 25, "tel_missing_context", Error;
    /// A tel URI parameter is malformed.
    TelBadParam = 26, "tel_bad_param", Error;
    /// A URI of another scheme is not a well-formed absoluteURI.
    UriBadAbsolute = 27, "uri_bad_absolute", Error;
    /// The URI has a character that may not appear anywhere in a URI (space, control).
    UriBadChar = 28, "uri_bad_char", Error;

    /// A header value holds CR, LF or NUL outside folding (header injection).
    HeaderInjection = 40, "header_injection", Error;
    /// The header name is not a token.
    HeaderBadName = 41, "header_bad_name", Error;
    /// The header value does not follow its grammar.
    HeaderBadSyntax = 42, "header_bad_syntax", Error;
    /// A header parameter is empty or malformed.
    HeaderBadParam = 43, "header_bad_param", Error;
    /// A header parameter that may appear once appears twice.
    HeaderDuplicateParam = 44, "header_duplicate_param", Error;
    /// A comma-separated header value has an empty element.
    ListEmptyElement = 45, "list_empty_element", Error;
    /// Content-Length is not a plain decimal number (sign, letters, empty).
    ContentLengthInvalid = 46, "content_length_invalid", Error;
    /// Content-Length does not fit in 32 bits.
    ContentLengthTooLarge = 47, "content_length_too_large", Error;
    /// Max-Forwards is not a decimal number.
    MaxForwardsInvalid = 48, "max_forwards_invalid", Error;
    /// Max-Forwards is above 255.
    MaxForwardsOutOfRange = 49, "max_forwards_out_of_range", Error;
    /// CSeq is not `number method`.
    CseqInvalid = 50, "cseq_invalid", Error;
    /// The CSeq number is 2**31 or more (RFC 3261 section 8.1.1.5).
    CseqOutOfRange = 51, "cseq_out_of_range", Error;
    /// The CSeq method is not a token.
    CseqBadMethod = 52, "cseq_bad_method", Error;
    /// Call-ID is not `word [@ word]`.
    CallIdInvalid = 53, "call_id_invalid", Error;
    /// A display name is neither tokens nor a quoted string.
    DisplayNameInvalid = 54, "display_name_invalid", Error;
    /// A quoted string has no closing quote.
    QuotedStringUnterminated = 55, "quoted_string_unterminated", Error;
    /// A `<` has no matching `>`.
    NameAddrUnterminated = 56, "name_addr_unterminated", Error;
    /// Whitespace inside `<...>` around the URI (RFC 3261 LAQUOT and RAQUOT).
    NameAddrSpace = 57, "name_addr_space", Error;
    /// A bare addr-spec contains `,`, `?` or `;` and must be in `<>` (RFC 3261 section 20).
    AddrSpecNeedsBrackets = 58, "addr_spec_needs_brackets", Error;
    /// The header requires a name-addr (`<...>`), as Route and Record-Route do.
    NameAddrRequired = 59, "name_addr_required", Error;
    /// Via sent-protocol is not `name/version/transport`.
    ViaBadProtocol = 60, "via_bad_protocol", Error;
    /// Via names a protocol version other than SIP/2.0.
    ViaBadVersion = 61, "via_bad_version", Error;
    /// Via sent-by is not `host[:port]`.
    ViaBadSentBy = 62, "via_bad_sent_by", Error;
    /// A Via has no branch parameter (RFC 2543 style; accepted).
    ViaBranchMissing = 63, "via_branch_missing", Warning;
    /// A Via branch lacks the RFC 3261 magic cookie `z9hG4bK` (RFC 2543 style; accepted).
    ViaBranchNoCookie = 64, "via_branch_no_cookie", Warning;
    /// A Via branch is the magic cookie with no transaction identifier after it.
    ViaBranchEmptyId = 65, "via_branch_empty_id", Error;
    /// Via received is not an IPv4 or IPv6 address.
    ViaBadReceived = 66, "via_bad_received", Error;
    /// Via rport is neither empty nor a port number (RFC 3581).
    ViaBadRport = 67, "via_bad_rport", Error;
    /// Via ttl or maddr has a bad value.
    ViaBadParamValue = 68, "via_bad_param_value", Error;
    /// Contact `*` is combined with other contacts or parameters.
    ContactBadStar = 69, "contact_bad_star", Error;
    /// A Contact q value is not 0 to 1 with at most three decimals.
    ContactBadQ = 70, "contact_bad_q", Error;
    /// Expires (header or parameter) is not delta-seconds.
    ExpiresInvalid = 71, "expires_invalid", Error;
    /// Expires (header or parameter) is above 2**32-1.
    ExpiresOutOfRange = 72, "expires_out_of_range", Error;
    /// Date is not an RFC 1123 date in GMT (RFC 3261 section 20.17).
    DateInvalid = 73, "date_invalid", Error;
    /// Warning is not `3DIGIT agent "text"`.
    WarningInvalid = 74, "warning_invalid", Error;
    /// Content-Type is not `type/subtype` with parameters.
    ContentTypeInvalid = 75, "content_type_invalid", Error;

    /// The message is empty.
    MessageEmpty = 90, "message_empty", Error;
    /// The request line is not `Method SP Request-URI SP SIP-Version`.
    RequestLineMalformed = 91, "request_line_malformed", Error;
    /// The start line has doubled, leading or trailing spaces.
    StartLineBadSpacing = 92, "start_line_bad_spacing", Error;
    /// The Request-URI contains whitespace.
    RequestUriWhitespace = 93, "request_uri_whitespace", Error;
    /// The Request-URI is enclosed in `<>`.
    RequestUriInBrackets = 94, "request_uri_in_brackets", Error;
    /// The Request-URI carries URI headers (RFC 3261 section 19.1.1).
    RequestUriHasHeaders = 95, "request_uri_has_headers", Error;
    /// The method is not a token.
    MethodInvalid = 96, "method_invalid", Error;
    /// The SIP version is not SIP/2.0.
    SipVersionUnsupported = 97, "sip_version_unsupported", Error;
    /// The status line is not `SIP/2.0 SP 3DIGIT SP reason`.
    StatusLineMalformed = 98, "status_line_malformed", Error;
    /// The status code is not three digits from 100 to 699.
    StatusCodeInvalid = 99, "status_code_invalid", Error;
    /// The reason phrase has control characters.
    ReasonPhraseInvalid = 100, "reason_phrase_invalid", Error;
    /// A header line has no colon.
    HeaderMissingColon = 101, "header_missing_colon", Error;
    /// A continuation line has no header to continue.
    HeaderBadFold = 102, "header_bad_fold", Error;
    /// The header section is not ended by an empty line.
    HeadersUnterminated = 103, "headers_unterminated", Error;
    /// A mandatory header (To, From, CSeq, Call-ID, Via) is missing.
    MissingHeader = 104, "missing_header", Error;
    /// A request has no Max-Forwards (RFC 2543 style; accepted, RFC 4475 section 3.4.1).
    MaxForwardsMissing = 105, "max_forwards_missing", Warning;
    /// The CSeq method differs from the request method.
    CseqMethodMismatch = 106, "cseq_method_mismatch", Error;
    /// Content-Length is larger than the body received.
    ContentLengthExceedsBody = 107, "content_length_exceeds_body", Error;
    /// Octets follow the body announced by Content-Length (fine over UDP, RFC 4475 3.1.1.8).
    TrailingOctets = 108, "trailing_octets", Warning;
    /// A message with a body has no Content-Length (allowed over UDP only).
    ContentLengthMissing = 109, "content_length_missing", Warning;
    /// A header that may appear once appears more than once.
    DuplicateHeader = 110, "duplicate_header", Error;
    /// A line ends in LF without CR.
    BareLf = 111, "bare_lf", Warning;

    /// An SDP line is not `<letter>=<value>`.
    SdpBadLine = 130, "sdp_bad_line", Error;
    /// An SDP line type letter is not one RFC 8866 defines.
    SdpUnknownType = 131, "sdp_unknown_type", Error;
    /// An SDP line is out of the order RFC 8866 section 5 requires.
    SdpLineOrder = 132, "sdp_line_order", Error;
    /// A required SDP line (v, o, s, t) is missing.
    SdpMissingLine = 133, "sdp_missing_line", Error;
    /// An SDP line that may appear once appears again.
    SdpDuplicateLine = 134, "sdp_duplicate_line", Error;
    /// The SDP version is not `v=0`.
    SdpBadVersion = 135, "sdp_bad_version", Error;
    /// `o=` does not have six valid fields.
    SdpBadOrigin = 136, "sdp_bad_origin", Error;
    /// `c=` is malformed.
    SdpBadConnection = 137, "sdp_bad_connection", Error;
    /// A media section has no connection address, and neither has the session.
    SdpMissingConnection = 138, "sdp_missing_connection", Error;
    /// `m=` is malformed.
    SdpBadMedia = 139, "sdp_bad_media", Error;
    /// `a=` is malformed.
    SdpBadAttribute = 140, "sdp_bad_attribute", Error;
    /// `t=`, `r=` or `z=` is malformed.
    SdpBadTiming = 141, "sdp_bad_timing", Error;
    /// `b=` is malformed.
    SdpBadBandwidth = 142, "sdp_bad_bandwidth", Error;
    /// A line value is empty or otherwise malformed (`s=`, `i=`, `u=`, `e=`, `p=`, `k=`).
    SdpBadField = 143, "sdp_bad_field", Error;
    /// Lines end in both CRLF and bare LF.
    SdpMixedLineEndings = 144, "sdp_mixed_line_endings", Warning;
    /// A CR not followed by LF (a bare CR never ends an SDP line).
    SdpBareCr = 145, "sdp_bare_cr", Error;
    /// The last line has no line ending.
    SdpUnterminatedLine = 146, "sdp_unterminated_line", Warning;
    /// An `a=crypto` attribute fails the SDES parser (RFC 4568).
    SdpBadCrypto = 147, "sdp_bad_crypto", Error;
}

impl ProblemCode {
    /// The code with this number, if there is one.
    pub fn from_number(number: u16) -> Option<Self> {
        ProblemCode::ALL
            .iter()
            .copied()
            .find(|code| *code as u16 == number)
    }

    /// The code with this machine word, if there is one.
    pub fn from_word(word: &str) -> Option<Self> {
        ProblemCode::ALL
            .iter()
            .copied()
            .find(|code| code.word() == word)
    }
}
