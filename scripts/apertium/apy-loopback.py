#!/usr/bin/python3
"""Run Apertium APY bound to 127.0.0.1 only.

APY has no bind-address option: its main() calls ``http_server.bind(port)``, which listens on
every interface (0.0.0.0 and ::). Investigators' machines must not expose a translation service
holding case material to the network, so this wrapper pins tornado's bind address to loopback
before handing over to APY's own main(). All arguments are passed to APY unchanged.

Run it with Debian's interpreter (``/usr/bin/python3``): that is where python3-tornado lives.
APY also refuses to start without a UTF-8 locale, so set ``LC_ALL=C.UTF-8``.
"""

import sys

import tornado.tcpserver

LOOPBACK = '127.0.0.1'
_original_bind = tornado.tcpserver.TCPServer.bind


def _bind_loopback(self, port, address=None, *args, **kwargs):
    # Whatever address APY asks for (it asks for none, meaning "all"), listen on loopback only.
    return _original_bind(self, port, LOOPBACK, *args, **kwargs)


tornado.tcpserver.TCPServer.bind = _bind_loopback

from apertium_apy.apy import main  # noqa: E402  (must import after the patch is in place)

if __name__ == '__main__':
    sys.argv = ['apertium-apy'] + sys.argv[1:]
    main()
