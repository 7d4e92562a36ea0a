#!/usr/bin/env python3
"""Passes a listening TCP socket to another process over a Unix socket (SCM_RIGHTS).

Node cannot send file descriptors over a Unix socket without a native module; Python 3.9+ can
(socket.send_fds / recv_fds). Two roles, each printing one JSON line on stdout when ready:

  hold <unix-socket-path>   listen on the path, receive one fd, print {"pid","inode"}, keep it
  serve <unix-socket-path>  listen on 127.0.0.1:0, send that listener to the holder, print
                            {"pid","port","inode"}, keep listening (answering HTTP 200)

Both exit when their stdin is a pipe and it closes (the test that started them is gone), and
otherwise run until killed.
"""
import json
import os
import socket
import stat
import sys
import threading


def print_line(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def exit_with_test():
    # Only a pipe: /dev/null would end us at once.
    if stat.S_ISFIFO(os.fstat(0).st_mode):
        def watch():
            while sys.stdin.buffer.read(4096):
                pass
            os._exit(0)

        threading.Thread(target=watch, daemon=True).start()


def hold(path):
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    os.chmod(path, 0o777)  # the sender may be another user (root sending to nobody, or back)
    listener.listen(1)
    print_line({"pid": os.getpid(), "listening": path})
    conn, _ = listener.accept()
    _, fds, _, _ = socket.recv_fds(conn, 16, 1)
    conn.close()
    listener.close()
    if not fds:
        sys.exit("fd_pass hold: the sender sent no descriptor")
    print_line({"pid": os.getpid(), "inode": os.fstat(fds[0]).st_ino})
    threading.Event().wait()


def serve(path):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(path)
    socket.send_fds(conn, [b"x"], [server.fileno()])
    conn.close()
    print_line({"pid": os.getpid(), "port": server.getsockname()[1], "inode": os.fstat(server.fileno()).st_ino})
    while True:
        client, _ = server.accept()
        client.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 6\r\nconnection: close\r\n\r\nserver")
        client.close()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("hold", "serve"):
        sys.exit("usage: fd_pass.py hold|serve <unix-socket-path>")
    exit_with_test()
    (hold if sys.argv[1] == "hold" else serve)(sys.argv[2])
