package io.modelrunner.core.engine.docker;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A TLS context made only when a connection first uses it. The Docker client's HTTP transport
 * builds its TLS support when it is created, even for a local socket that never speaks TLS;
 * initialising the JDK's default context (providers, cipher suites, the trusted certificates) costs
 * a cold CLI run noticeable time for nothing. With this context it is done on first use, which for
 * a {@code unix://} or {@code npipe://} engine is never.
 */
final class DeferredSslContext extends SSLContext {

  /** A context that becomes the JDK's default one on first use. */
  static DeferredSslContext ofDefault() {
    return new DeferredSslContext(DeferredSslContext::jdkDefault);
  }

  DeferredSslContext(Supplier<SSLContext> source) {
    super(new Spi(source), null, "Default");
  }

  private static SSLContext jdkDefault() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no default TLS context", e);
    }
  }

  /** Delegates every call to the context {@code source} gives, asked once, on the first call. */
  private static final class Spi extends SSLContextSpi {
    private final Supplier<SSLContext> source;
    private SSLContext context; // guarded by this

    Spi(Supplier<SSLContext> source) {
      this.source = Objects.requireNonNull(source, "source");
    }

    private synchronized SSLContext context() {
      if (context == null) {
        context = Objects.requireNonNull(source.get(), "the deferred TLS context");
      }
      return context;
    }

    @Override
    protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random)
        throws KeyManagementException {
      throw new KeyManagementException("a deferred default TLS context cannot be initialised");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return context().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return context().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return context().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return context().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return context().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return context().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return context().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return context().getSupportedSSLParameters();
    }
  }
}
