package com.acme.payments.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a loopback port in front of a server of the test's own, which the test can freeze:
 * a frozen proxy forwards nothing in either direction and accepts new connections but never answers
 * on them, with no reset and no refusal, as a frozen host or a dropped network does. Thawed, it
 * forwards again (the connections opened while frozen are dropped: their handshake was lost).
 */
public final class FreezableProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final InetSocketAddress target;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile boolean frozen;

	private final List<Socket> acceptedWhileFrozen = new CopyOnWriteArrayList<>();

	private FreezableProxy(int targetPort) throws IOException {
		this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		this.target = new InetSocketAddress(TestServices.LOCAL_HOST, targetPort);
		Thread acceptor = new Thread(this::accept, "freezable-proxy-" + this.listener.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** A proxy to {@code 127.0.0.1:targetPort}, forwarding until frozen. */
	public static FreezableProxy to(int targetPort) {
		try {
			return new FreezableProxy(targetPort);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not open a proxy port", ex);
		}
	}

	public int port() {
		return this.listener.getLocalPort();
	}

	/** From now on nothing passes, and nothing is refused or reset. */
	public void freeze() {
		this.frozen = true;
	}

	/** Forwards again; connections opened while frozen are closed. */
	public void thaw() {
		this.frozen = false;
		for (Socket socket : this.acceptedWhileFrozen) {
			closeQuietly(socket);
		}
		this.acceptedWhileFrozen.clear();
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				this.sockets.add(client);
				if (this.frozen) {
					// accepted by the kernel, never answered: a silent host
					this.acceptedWhileFrozen.add(client);
					continue;
				}
				Socket server = new Socket();
				server.connect(this.target, 2_000);
				this.sockets.add(server);
				pipe(client, server);
				pipe(server, client);
			}
			catch (IOException ex) {
				// the listener was closed, or the target refused: the client sees its socket close
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					while (this.frozen) {
						// hold the bytes: neither forwarded nor refused
						java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// one side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "freezable-proxy-pipe");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() throws IOException {
		this.listener.close();
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
	}

}
