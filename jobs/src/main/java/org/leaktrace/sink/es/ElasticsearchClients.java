package org.leaktrace.sink.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;

/** Builds the REST client and the typed client for a configured cluster. */
public final class ElasticsearchClients {
    private ElasticsearchClients() {}

    /** The low-level client: raw JSON requests, used for templates and policies. */
    public static RestClient rest(ElasticsearchConfig cfg) {
        Header[] headers = cfg.apiKey() == null
                ? new Header[0]
                : new Header[] {new BasicHeader("Authorization", "ApiKey " + cfg.apiKey())};
        return RestClient.builder(HttpHost.create(cfg.url())).setDefaultHeaders(headers).build();
    }

    /** The typed client over {@code rest}; closing it closes {@code rest}. */
    public static ElasticsearchClient typed(RestClient rest) {
        return new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
    }
}
