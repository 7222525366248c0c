#!/usr/bin/env python3
# Copyright (c) Granary contributors. Licensed under the MIT License.
#
# The machine's ceiling for one TCP stream over loopback: a sender process writes 1 MiB buffers of zeros, a receiver
# reads them into one 1 MiB buffer and discards them. No broker, no protocol, no parsing. A Kafka consumer on this
# machine receives its records over exactly such a stream, so this figure bounds what any client can consume here.
# Prints one line: "<MB/s> <receiver CPU s per GiB> <sender CPU s per GiB>".
import os
import socket
import sys
import time

total = int(sys.argv[1]) if len(sys.argv) > 1 else 2 << 30
chunk = 1 << 20
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
port = listener.getsockname()[1]
child = os.fork()
if child == 0:
    listener.close()
    sender = socket.create_connection(("127.0.0.1", port))
    zeros = b"\0" * chunk
    for _ in range(total // chunk):
        sender.sendall(zeros)
    sender.close()
    os._exit(0)

connection, _ = listener.accept()
buffer = memoryview(bytearray(chunk))
received = 0
before = os.times()
start = time.monotonic()
while True:
    n = connection.recv_into(buffer)
    if n == 0:
        break
    received += n
elapsed = time.monotonic() - start
os.waitpid(child, 0)
after = os.times()
gib = received / (1 << 30)
receiver_cpu = (after.user - before.user) + (after.system - before.system)
sender_cpu = after.children_user + after.children_system
print(f"{received / elapsed / 1e6:.1f} {receiver_cpu / gib:.2f} {sender_cpu / gib:.2f}")
