"""Sends each given file as one UDP datagram to a server on 127.0.0.1 and prints, per file,
its name and the status line of the answer (or "no-answer" after a short wait).

Usage: sip_send.py PORT FILE...
"""

import socket
import sys
from pathlib import Path


def main():
    port = int(sys.argv[1])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(1.0)
        for name in sys.argv[2:]:
            sock.sendto(Path(name).read_bytes(), ("127.0.0.1", port))
            try:
                answer, _ = sock.recvfrom(65535)
                status = answer.split(b"\r\n", 1)[0].decode("latin-1")
            except socket.timeout:
                status = "no-answer"
            print(f"{Path(name).name}\t{status}")


if __name__ == "__main__":
    main()
