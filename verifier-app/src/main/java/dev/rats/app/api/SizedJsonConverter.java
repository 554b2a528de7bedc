package dev.rats.app.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jackson's JSON converter, writing each body with its Content-Length. The stock converter streams
 * and then flushes, so Tomcat sends every JSON answer chunked and writes the last chunk in a second
 * syscall; for an attestation that was 5% of the service's CPU (BENCHMARKS.md). Bodies here are
 * small (an EAR answer is about 5 KB), so serialising into a buffer first costs less than the write
 * it saves. Same mapper, same JSON, for every JSON and problem+json answer of the controllers.
 */
public final class SizedJsonConverter extends JacksonJsonHttpMessageConverter {

    private static final int INITIAL_BUFFER = 8 * 1024;

    public SizedJsonConverter(JsonMapper mapper) {
        super(mapper);
    }

    @Override
    protected void writeInternal(Object object, ResolvableType type, HttpOutputMessage output, Map<String, Object> hints)
            throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(INITIAL_BUFFER);
        super.writeInternal(object, type, new HttpOutputMessage() {
            @Override
            public OutputStream getBody() {
                return buffer;
            }

            @Override
            public HttpHeaders getHeaders() {
                return output.getHeaders();
            }
        }, hints);
        output.getHeaders().setContentLength(buffer.size());
        buffer.writeTo(output.getBody());
    }
}
