package org.leaktrace.sink.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import javax.net.ssl.SSLContext;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/** Builds the REST client and the typed client for a configured cluster. */
public final class ElasticsearchClients {
    private ElasticsearchClients() {}

    /**
     * The low-level client: raw JSON requests, used for templates and policies.
     *
     * <p>Sends the API key, if any, with every request, and over {@code https} trusts the
     * configured CA certificate or fingerprint ({@link ElasticsearchTls}); host names are verified.
     */
    public static RestClient rest(ElasticsearchConfig cfg) {
        Header[] headers = cfg.apiKey() == null
                ? new Header[0]
                : new Header[] {new BasicHeader("Authorization", "ApiKey " + cfg.apiKey())};
        RestClientBuilder builder = RestClient.builder(HttpHost.create(cfg.url())).setDefaultHeaders(headers);
        SSLContext ssl = cfg.tls().sslContext();
        if (ssl != null) {
            builder.setHttpClientConfigCallback(http -> http.setSSLContext(ssl));
        }
        return builder.build();
    }

    /** The typed client over {@code rest}; closing it closes {@code rest}. */
    public static ElasticsearchClient typed(RestClient rest) {
        return new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
    }
}
