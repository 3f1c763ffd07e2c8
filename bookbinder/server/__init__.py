"""The build server: a warm bookbinder that each ``bookbinder`` command hands its work to.

A cold ``bookbinder build fic.txt`` spends nine tenths of its time importing Python modules,
registering fonts and compiling patterns, and a tenth building the book. The server does the
first part once: it imports everything, builds a small book to warm every cache, and then forks
one child per command. The child takes over the command's standard streams (passed over a Unix
socket), its folder, environment and umask, runs the ordinary CLI and reports the exit status, so
a command behaves exactly as it would in its own process, at a fraction of the start-up.

The same technique keeps Gradle's, Bazel's and sccache's commands fast. Here:

- ``address``: where a server listens, and which servers a command may use;
- ``client``: what ``bookbinder`` does first (a few milliseconds; starts a server when none runs);
- ``daemon``: the server itself (``bookbinder server run``).

A server serves only its own user (the socket lives in a private folder and the peer's uid is
checked), only commands with the same interpreter, package and import-time environment, and it
stops when a source file of bookbinder or an installed distribution changes, or after
``BOOKBINDER_SERVER_IDLE`` seconds without a command. ``BOOKBINDER_SERVER=off`` never uses one.
"""
