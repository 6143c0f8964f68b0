using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using System.Web.Services.Protocols;
using System.Xml;

namespace Interop
{
    /// <summary>
    /// What a .NET caller can read from a fault: SoapException gives the faultcode and the
    /// faultstring; the detail entry (GatewayFault, MIAPAPIException or DomainFault) is raw XML.
    /// </summary>
    public static class Faults
    {
        public static Dictionary<string, object> Describe(SoapException fault)
        {
            XmlElement entry = null;
            if (fault.Detail != null)
                foreach (XmlNode node in fault.Detail.ChildNodes)
                    if (node is XmlElement) { entry = (XmlElement)node; break; }
            var described = Lines.Map(
                "exception", fault.GetType().Name,
                "faultcode", fault.Code == null ? null : fault.Code.Name,
                "faultcodeNamespace", fault.Code == null ? null : fault.Code.Namespace,
                "faultstring", fault.Message,
                "detailEntry", entry == null ? null : "{" + entry.NamespaceURI + "}" + entry.LocalName);
            if (entry == null) return described;
            described["code"] = Child(entry, "Code") ?? Child(entry, "ErrorCode");
            // What each surface's detail adds: the correlation id (AO gateway), the description
            // (MIAPAPIException), the base64 explanation (DomainFault).
            if (Child(entry, "CorrelationId") != null) described["hasCorrelationId"] = Child(entry, "CorrelationId") != "";
            if (Child(entry, "Description") != null) described["description"] = Child(entry, "Description");
            string explanation = Child(entry, "ErrorDetail");
            if (explanation != null)
                described["detail"] = Regex.Replace(Encoding.UTF8.GetString(Convert.FromBase64String(explanation)), @" \[correlation id [^\]]*\]", "");
            return described;
        }

        /// <summary>The text of a child element by local name, whatever its namespace (GatewayFault's are qualified, the LRS ones are not).</summary>
        public static string Child(XmlElement parent, string localName)
        {
            foreach (XmlNode node in parent.ChildNodes)
                if (node is XmlElement && node.LocalName == localName) return node.InnerText;
            return null;
        }
    }
}
