package interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine-readable output of the JAX-WS clients: one JSON object per line on stdout, which
 * test/soap/generated-clients.test.ts reads. Every call is a step: an operation on a path
 * ("happy" or "fault") with what the generated client made of the answer.
 */
public final class Lines {
  private static final BufferedReader STDIN = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

  /** A call that may throw whatever the generated client throws. */
  public interface Call {
    Map<String, Object> run() throws Exception;
  }

  /** Turns a generated fault exception into what the test asserts on (class, faultstring, detail code). */
  public interface FaultReader {
    Map<String, Object> read(Exception fault);
  }

  private final String service;
  private final FaultReader faults;

  public Lines(String service, FaultReader faults) {
    this.service = service;
    this.faults = faults;
  }

  /** Runs a call and prints its line; the result (or null after a fault or an error) for later steps. */
  public Map<String, Object> step(String operation, String path, Call call) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("client", "jax-ws");
    line.put("service", service);
    line.put("operation", operation);
    line.put("path", path);
    Map<String, Object> result = null;
    try {
      result = call.run();
      line.put("result", result);
    } catch (Exception e) {
      Map<String, Object> fault = faults.read(e);
      if (fault != null) line.put("fault", fault);
      else line.put("error", e.getClass().getName() + ": " + e.getMessage());
    }
    print(line);
    return result;
  }

  /** Asks the test to run the batch worker, and waits until it has (one line on stdin). */
  public static void awaitWorker() throws IOException {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("await", "batch-worker");
    print(line);
    if (STDIN.readLine() == null) throw new IOException("stdin closed while waiting for the batch worker");
  }

  public static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return m;
  }

  private static void print(Map<String, Object> line) {
    StringBuilder out = new StringBuilder();
    json(line, out);
    System.out.println(out);
    System.out.flush();
  }

  private static void json(Object value, StringBuilder out) {
    if (value == null) out.append("null");
    else if (value instanceof Number || value instanceof Boolean) out.append(value);
    else if (value instanceof Enum) string(enumValue((Enum<?>) value), out);
    else if (value instanceof Map) {
      out.append('{');
      Iterator<? extends Map.Entry<?, ?>> entries = ((Map<?, ?>) value).entrySet().iterator();
      while (entries.hasNext()) {
        Map.Entry<?, ?> entry = entries.next();
        string(String.valueOf(entry.getKey()), out);
        out.append(':');
        json(entry.getValue(), out);
        if (entries.hasNext()) out.append(',');
      }
      out.append('}');
    } else if (value instanceof Collection) {
      out.append('[');
      Iterator<?> items = ((Collection<?>) value).iterator();
      while (items.hasNext()) {
        json(items.next(), out);
        if (items.hasNext()) out.append(',');
      }
      out.append(']');
    } else string(value.toString(), out);
  }

  /** The XML value of a JAXB enumeration constant (its value() method), else its name. */
  private static String enumValue(Enum<?> constant) {
    try {
      return String.valueOf(constant.getClass().getMethod("value").invoke(constant));
    } catch (ReflectiveOperationException e) {
      return constant.name();
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    out.append('"');
  }
}
