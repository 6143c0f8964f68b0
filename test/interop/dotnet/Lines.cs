using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Interop
{
    /// <summary>
    /// The machine-readable output of the .NET clients: one JSON object per line on stdout, which
    /// test/soap/generated-clients.test.ts reads. Every call is a step: an operation on a path
    /// ("happy" or "fault") with what the generated client made of the answer.
    /// </summary>
    public sealed class Lines
    {
        private readonly string service;

        public Lines(string service)
        {
            this.service = service;
        }

        /// <summary>Runs a call and prints its line; the result (or null after a fault or an error) for later steps.</summary>
        public Dictionary<string, object> Step(string operation, string path, Func<Dictionary<string, object>> call)
        {
            var line = new Dictionary<string, object>();
            line["client"] = ".net";
            line["service"] = service;
            line["operation"] = operation;
            line["path"] = path;
            Dictionary<string, object> result = null;
            try
            {
                result = call();
                line["result"] = result;
            }
            catch (System.Web.Services.Protocols.SoapException fault)
            {
                line["fault"] = Faults.Describe(fault);
            }
            catch (Exception error)
            {
                line["error"] = error.GetType().FullName + ": " + error.Message;
            }
            Print(line);
            return result;
        }

        /// <summary>Asks the test to run the batch worker, and waits until it has (one line on stdin).</summary>
        public static void AwaitWorker()
        {
            Print(Map("await", "batch-worker"));
            if (Console.In.ReadLine() == null) throw new InvalidOperationException("stdin closed while waiting for the batch worker");
        }

        public static Dictionary<string, object> Map(params object[] keysAndValues)
        {
            var map = new Dictionary<string, object>();
            for (int i = 0; i < keysAndValues.Length; i += 2) map[(string)keysAndValues[i]] = keysAndValues[i + 1];
            return map;
        }

        private static void Print(Dictionary<string, object> line)
        {
            var output = new StringBuilder();
            Json(line, output);
            Console.Out.WriteLine(output.ToString());
            Console.Out.Flush();
        }

        private static void Json(object value, StringBuilder output)
        {
            if (value == null) output.Append("null");
            else if (value is bool) output.Append((bool)value ? "true" : "false");
            else if (value is int || value is long || value is float || value is double || value is decimal)
                output.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
            else if (value is Enum) String(EnumValue((Enum)value), output);
            else if (value is IDictionary)
            {
                output.Append('{');
                bool first = true;
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    if (!first) output.Append(',');
                    first = false;
                    String(entry.Key.ToString(), output);
                    output.Append(':');
                    Json(entry.Value, output);
                }
                output.Append('}');
            }
            else if (value is IEnumerable && !(value is string))
            {
                output.Append('[');
                bool first = true;
                foreach (object item in (IEnumerable)value)
                {
                    if (!first) output.Append(',');
                    first = false;
                    Json(item, output);
                }
                output.Append(']');
            }
            else String(value.ToString(), output);
        }

        /// <summary>The XML value of a generated enumeration member (its XmlEnum name when it has one).</summary>
        private static string EnumValue(Enum value)
        {
            var member = value.GetType().GetField(value.ToString());
            var attributes = member.GetCustomAttributes(typeof(System.Xml.Serialization.XmlEnumAttribute), false);
            return attributes.Length > 0 ? ((System.Xml.Serialization.XmlEnumAttribute)attributes[0]).Name : value.ToString();
        }

        private static void String(string s, StringBuilder output)
        {
            output.Append('"');
            foreach (char c in s)
            {
                if (c == '"' || c == '\\') output.Append('\\').Append(c);
                else if (c < 0x20) output.AppendFormat("\\u{0:x4}", (int)c);
                else output.Append(c);
            }
            output.Append('"');
        }
    }
}
