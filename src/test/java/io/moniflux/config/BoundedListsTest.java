package io.moniflux.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The JSON reader refuses any list, map or array over the cap, wherever it sits, and names its path. */
class BoundedListsTest {

    record Inner(List<String> tags, Map<String, String> headers, int[] ports) {
    }

    record Outer(List<Inner> parts, Inner single) {
    }

    private final JsonMapper json = mapper(3);

    private static JsonMapper mapper(int max) {
        JsonMapper.Builder builder = JsonMapper.builder();
        new BoundedLists().boundListsAndMaps(new BoundedLists.Limits(max)).customize(builder);
        return builder.build();
    }

    @Test
    void listsMapsAndArraysUpToTheCapAreRead() {
        Outer outer = json.readValue("""
                {"parts": [{"tags": ["a", "b", "c"], "headers": {"x": "1", "y": "2", "z": "3"}, "ports": [1, 2, 3]}],
                 "single": {"tags": []}}""", Outer.class);
        assertThat(outer.parts().getFirst().tags()).containsExactly("a", "b", "c");
        assertThat(outer.parts().getFirst().headers()).hasSize(3);
        assertThat(outer.parts().getFirst().ports()).containsExactly(1, 2, 3);
    }

    @Test
    void aNestedListOverTheCapIsRefusedWithItsPath() {
        assertThatThrownBy(() -> json.readValue("{\"parts\": [{}, {\"tags\": [\"a\", \"b\", \"c\", \"d\"]}]}", Outer.class))
                .isInstanceOf(BoundedLists.TooManyItemsException.class)
                .satisfies(e -> assertThat(path((JacksonException) e)).isEqualTo("parts[1].tags"));
    }

    @Test
    void mapsArraysAndTheOuterListCountToo() {
        assertThatThrownBy(() -> json.readValue("{\"single\": {\"headers\": {\"a\": \"1\", \"b\": \"2\", \"c\": \"3\", \"d\": \"4\"}}}", Outer.class))
                .isInstanceOf(BoundedLists.TooManyItemsException.class);
        assertThatThrownBy(() -> json.readValue("{\"single\": {\"ports\": [1, 2, 3, 4]}}", Outer.class))
                .isInstanceOf(BoundedLists.TooManyItemsException.class);
        assertThatThrownBy(() -> json.readValue("{\"parts\": [{}, {}, {}, {}]}", Outer.class))
                .isInstanceOf(BoundedLists.TooManyItemsException.class);
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
