package dev.gantry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** Reads http(s) artifacts with the JDK client. */
final class HttpSource implements AutoCloseable {
  private final HttpClient client;
  private final Duration requestTimeout;

  HttpSource(Duration connectTimeout, Duration requestTimeout) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.requestTimeout = requestTimeout;
  }

  /** Opens the body of a successful GET; the caller closes it. */
  InputStream open(StorageUri uri) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(uri.raw())).timeout(requestTimeout).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new IOException("GET " + uri + " timed out: " + e.getMessage(), e);
    } catch (ConnectException e) {
      throw new IOException("cannot connect to " + uri + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while downloading " + uri);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return response.body();
    }
    response.body().close();
    if (status == 404 || status == 410) {
      throw new ArtifactNotFoundException(uri.raw(), "HTTP " + status);
    }
    throw new IOException("GET " + uri + " failed with HTTP status " + status);
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getMessage() == null) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }

  @Override
  public void close() {
    client.close();
  }
}
