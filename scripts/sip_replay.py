"""Replays the last authorized REGISTER from a sipp message trace to a server on loopback.

Usage: sip_replay.py TRACE HOST PORT. Prints the status line of the answer and exits 0 when
the server refused the replay (any answer but 2xx), 1 otherwise.
"""

import socket
import sys


def authorized_register(trace_path):
    """The last REGISTER carrying an Authorization header that sipp sent, as bytes."""
    text = open(trace_path, "rb").read().decode("latin-1")
    found = None
    for block in text.split("----------------------------------------------- ")[1:]:
        header, _, message = block.partition("\n\n")
        if "message sent" not in header:
            continue
        lines = message.strip("\r\n").replace("\r\n", "\n").split("\n")
        if lines and lines[0].startswith("REGISTER") and any(
            line.lower().startswith("authorization:") for line in lines
        ):
            found = "\r\n".join(lines).split("\r\n\r\n")[0] + "\r\n\r\n"
    if found is None:
        raise SystemExit("no authorized REGISTER in " + trace_path)
    return found.encode("latin-1")


def main():
    trace, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if host != "127.0.0.1":
        raise SystemExit("replays go to 127.0.0.1 only")
    message = authorized_register(trace)

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(5)
        sock.bind(("127.0.0.1", 0))
        sock.sendto(message, (host, port))
        answer, _ = sock.recvfrom(65535)

    status_line = answer.split(b"\r\n", 1)[0].decode("latin-1")
    print(status_line)
    sys.exit(0 if not status_line.startswith("SIP/2.0 2") else 1)


if __name__ == "__main__":
    main()
