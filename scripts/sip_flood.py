"""Loopback traffic for the registrar's guard tests. Every socket binds a 127.x address and
sends only to 127.0.0.1; every loop is bounded in count and time.

  sip_flood.py flood PORT SOURCE COUNT SECONDS   a heavy abuser: COUNT OPTIONS from SOURCE
  sip_flood.py client PORT SOURCE COUNT          a legitimate client: COUNT OPTIONS, 10/s
  sip_flood.py mismatch PORT SOURCE              a Via whose received names another address
  sip_flood.py guess PORT SOURCE TRIES           password guessing with wrong digests

Each prints one summary line `key=value ...`; the shell script asserts on it.
"""

import re
import socket
import sys
import time

REGISTRAR = "127.0.0.1"


def udp_socket(source):
    if not source.startswith("127."):
        raise SystemExit("sources must be loopback addresses")
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((source, 0))
    return sock


def request(sock, method, n, via_params=";rport", user="probe", extra=""):
    """One SIP request from this socket, with the Via naming the socket's own address."""
    host, port = sock.getsockname()
    return (
        f"{method} sip:{REGISTRAR} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP {host}:{port};branch=z9hG4bK-guard-{n}{via_params}\r\n"
        f"From: <sip:{user}@{REGISTRAR}>;tag=g{n}\r\n"
        f"To: <sip:{user}@{REGISTRAR}>\r\n"
        f"Call-ID: guard-{port}@{host}\r\n"
        f"CSeq: {n + 1} {method}\r\n"
        f"{extra}"
        f"Max-Forwards: 70\r\n"
        f"Content-Length: 0\r\n\r\n"
    ).encode()


def options(sock, n, via_params=";rport"):
    return request(sock, "OPTIONS", n, via_params)


def flood(port, source, count, seconds):
    sock = udp_socket(source)
    sock.setblocking(False)
    deadline = time.monotonic() + seconds
    sent = answered = 0
    started = time.monotonic()
    while sent < count and time.monotonic() < deadline:
        for _ in range(50):
            sock.sendto(options(sock, sent), (REGISTRAR, port))
            sent += 1
        answered += drain(sock)
        time.sleep(0.005)
    elapsed = time.monotonic() - started
    time.sleep(0.5)
    answered += drain(sock)
    print(f"sent={sent} answered={answered} seconds={elapsed:.2f}")


def drain(sock):
    got = 0
    while True:
        try:
            sock.recvfrom(65535)
            got += 1
        except BlockingIOError:
            return got


def ask(sock, message, port):
    """Sends, retransmits once after 500 ms (RFC 3261 T1), returns the answer or None."""
    for wait in (0.5, 1.0):
        sock.sendto(message, (REGISTRAR, port))
        sock.settimeout(wait)
        try:
            return sock.recvfrom(65535)[0].decode("latin-1")
        except socket.timeout:
            continue
    return None


def client(port, source, count):
    sock = udp_socket(source)
    own_port = sock.getsockname()[1]
    answered = via_ok = 0
    for n in range(count):
        answer = ask(sock, options(sock, n), port)
        if answer is not None and answer.startswith("SIP/2.0 200"):
            answered += 1
            via = re.search(r"^Via: (.*)$", answer, re.M)
            wanted = f"rport={own_port};received={source}"
            via_ok += int(via is not None and wanted in via.group(1))
        time.sleep(0.1)
    print(f"sent={count} answered={answered} via_rewritten={via_ok}")


def mismatch(port, source):
    sock = udp_socket(source)
    answer = ask(sock, options(sock, 0, ";received=10.9.9.9"), port) or "no answer"
    print(f"status={answer.split(chr(13))[0].replace(' ', '_')}")


def register(sock, n, authorization=""):
    host, port = sock.getsockname()
    contact = f"Contact: <sip:alice@{host}:{port}>\r\n"
    return request(sock, "REGISTER", n, user="alice", extra=contact + authorization)


def guess(port, source, tries):
    sock = udp_socket(source)
    challenge = ask(sock, register(sock, 0), port) or ""
    nonce = re.search(r'nonce="([^"]+)"', challenge)
    realm = re.search(r'realm="([^"]+)"', challenge)
    if nonce is None or realm is None:
        print("statuses=no_challenge")
        return
    statuses = []
    for n in range(1, tries + 1):
        authorization = (
            f'Authorization: Digest username="alice", realm="{realm.group(1)}", '
            f'nonce="{nonce.group(1)}", uri="sip:{REGISTRAR}", '
            f'response="{n:032x}", algorithm=MD5, qop=auth, nc={n:08x}, '
            f'cnonce="guess{n}"\r\n'
        )
        answer = ask(sock, register(sock, n, authorization), port) or "none"
        statuses.append(answer.split(" ")[1] if answer.startswith("SIP/2.0 ") else "none")
    print("statuses=" + ",".join(statuses))


def main():
    command, port, source = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if command == "flood":
        flood(port, source, int(sys.argv[4]), float(sys.argv[5]))
    elif command == "client":
        client(port, source, int(sys.argv[4]))
    elif command == "mismatch":
        mismatch(port, source)
    elif command == "guess":
        guess(port, source, int(sys.argv[4]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
