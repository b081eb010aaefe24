"""Sends one REGISTER to a registrar on 127.0.0.1, answers its MD5 challenge with the given
credentials (RFC 2617 qop=auth), and prints the status line of the final answer and then
every Contact header of it, one per line (or "no-answer" after a short wait).

Usage: sip_register.py PORT USER PASSWORD REALM [HEADER...]
Each HEADER (such as "Contact: <sip:a@192.0.2.1>") is added to the authenticated REGISTER.
The address-of-record is sip:USER@REALM, or sip:AOR_USER@REALM when the environment
variable AOR_USER is set.
"""

import hashlib
import os
import re
import socket
import sys


def register(sock, port, user, headers, cseq):
    local_port = sock.getsockname()[1]
    lines = [
        f"REGISTER sip:{user[1]} SIP/2.0",
        f"Via: SIP/2.0/UDP 127.0.0.1:{local_port};branch=z9hG4bK-reg-{cseq};rport",
        "Max-Forwards: 70",
        f"From: <sip:{user[0]}@{user[1]}>;tag=reg",
        f"To: <sip:{os.environ.get('AOR_USER', user[0])}@{user[1]}>",
        "Call-ID: sip-register-script",
        f"CSeq: {cseq} REGISTER",
        *headers,
        "Content-Length: 0",
    ]
    sock.sendto(("\r\n".join(lines) + "\r\n\r\n").encode(), ("127.0.0.1", port))
    try:
        return sock.recvfrom(65535)[0].decode("latin-1")
    except socket.timeout:
        return None


def authorization(challenge, user, password, realm):
    nonce = re.search(r'nonce="([^"]+)"', challenge).group(1)
    opaque = re.search(r'opaque="([^"]+)"', challenge).group(1)
    uri = f"sip:{realm}"
    ha1 = hashlib.md5(f"{user}:{realm}:{password}".encode()).hexdigest()
    ha2 = hashlib.md5(f"REGISTER:{uri}".encode()).hexdigest()
    response = hashlib.md5(f"{ha1}:{nonce}:00000001:0a4f113b:auth:{ha2}".encode()).hexdigest()
    return (
        f'Authorization: Digest username="{user}", realm="{realm}", nonce="{nonce}", '
        f'uri="{uri}", response="{response}", algorithm=MD5, cnonce="0a4f113b", qop=auth, '
        f'nc=00000001, opaque="{opaque}"'
    )


def main():
    port, user, password, realm = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    headers = sys.argv[5:]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(1.0)
        first = register(sock, port, (user, realm), [], 1)
        challenges = [
            line for line in (first or "").split("\r\n")
            if line.startswith("WWW-Authenticate:") and "algorithm=MD5" in line
        ]
        if not challenges:
            print(first.split("\r\n", 1)[0] if first else "no-answer")
            return
        credentials = authorization(challenges[0], user, password, realm)
        answer = register(sock, port, (user, realm), [credentials, *headers], 2)
        if answer is None:
            print("no-answer")
            return
        lines = answer.split("\r\n")
        print(lines[0])
        for line in lines:
            if line.startswith("Contact:"):
                print(line)


if __name__ == "__main__":
    main()
