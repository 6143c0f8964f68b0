package interop;

/**
 * The JAX-WS interop run: usage
 *   java interop.Main <base-url> <uln> <given-name> <family-name> <award-date> <other-date> <action-date>
 * Calls every operation of the AO gateway, LearnerService.svc and ExternalService.svc through the
 * wsimport clients and prints one JSON line per call (see Lines); a line {"await":"batch-worker"}
 * asks the test to run the batch worker, and the run goes on when a line arrives on stdin.
 * LearnerServiceR9.svc has a program of its own (interop.r9.LearnerServiceR9Client).
 */
public final class Main {
  public static void main(String[] args) throws Exception {
    if (args.length != 7) {
      System.err.println("usage: interop.Main <base-url> <uln> <given-name> <family-name> <award-date> <other-date> <action-date>");
      System.exit(2);
    }
    String base = args[0];
    new AoGatewayClient(base, args[1], args[2], args[3], args[4], args[5], args[6]).run();
    new LearnerServiceClient(base, args[1], args[2], args[3]).run();
    new RegistrationClient(base, args[2]).run();
    new ExternalServiceClient(base, args[1], args[2], args[3], args[4]).run();
  }
}
