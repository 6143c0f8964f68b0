using System;
using System.Runtime.InteropServices;

namespace Interop
{
    /// <summary>
    /// The .NET interop run: usage
    ///   mono Interop.exe base-url uln given-name family-name award-date other-date action-date
    /// Calls every operation of the four SOAP surfaces through the proxies Mono's wsdl tool
    /// generated and prints one JSON line per call (see Lines); a line {"await":"batch-worker"}
    /// asks the test to run the batch worker, and the run goes on when a line arrives on stdin.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length != 7)
            {
                Console.Error.WriteLine("usage: Interop.exe base-url uln given-name family-name award-date other-date action-date");
                return 2;
            }
            new AoGatewayClient(args[0], args[1], args[2], args[3], args[4], args[5], args[6]).Run();
            new LearnerServiceClient(args[0], args[1], args[2], args[3]).Run();
            new RegistrationClient(args[0], args[2]).Run();
            new ExternalServiceClient(args[0], args[1], args[2], args[3], args[4]).Run();
            new LearnerServiceR9Client(args[0], args[1], args[2], args[3]).Run();
            Console.Out.Flush();
            Console.Error.Flush();
            // Mono 6.8 aborts the thread pool's threads at shutdown, and that abort can trip its own
            // assertion (mono-threads.c, previous_token == NULL || previous_token == INTERRUPT_STATE;
            // mono/mono#10832) after all the work is done. Every line is printed and flushed, so the
            // run ends here without the runtime's shutdown.
            ExitWithoutShutdown(0);
            return 0;
        }

        [DllImport("libc", EntryPoint = "_exit")]
        private static extern void ExitWithoutShutdown(int status);
    }
}
