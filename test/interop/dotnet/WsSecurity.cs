using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Web.Services.Protocols;
using System.Xml;

namespace Interop
{
    /// <summary>A generated proxy that carries WS-Security UsernameToken credentials.</summary>
    public interface IWsSecurityCredentials
    {
        string WsUsername { get; }
        string WsPassword { get; }
        bool WsDigest { get; }
    }

    /// <summary>
    /// Adds a WS-Security UsernameToken header to every request of a proxy that implements
    /// IWsSecurityCredentials, as a .NET vendor does for an ASMX (wsdl.exe) client without WSE:
    /// a SoapExtension, registered in the application's config file (soapExtensionTypes),
    /// that rewrites the serialised envelope.
    /// </summary>
    public sealed class WsSecurityExtension : SoapExtension
    {
        private const string Wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
        private const string Wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
        private const string TokenProfile = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0";
        private static readonly RandomNumberGenerator Random = RandomNumberGenerator.Create();

        private Stream wire;
        private MemoryStream buffer;

        public override object GetInitializer(LogicalMethodInfo methodInfo, SoapExtensionAttribute attribute) { return null; }
        public override object GetInitializer(Type serviceType) { return null; }
        public override void Initialize(object initializer) { }

        public override Stream ChainStream(Stream stream)
        {
            wire = stream;
            buffer = new MemoryStream();
            return buffer;
        }

        public override void ProcessMessage(SoapMessage message)
        {
            if (message.Stage == SoapMessageStage.AfterSerialize)
            {
                buffer.Position = 0;
                var credentials = ((SoapClientMessage)message).Client as IWsSecurityCredentials;
                if (credentials == null || credentials.WsUsername == null) buffer.CopyTo(wire);
                else WriteWithToken(credentials);
            }
            else if (message.Stage == SoapMessageStage.BeforeDeserialize)
            {
                wire.CopyTo(buffer);
                buffer.Position = 0;
            }
        }

        private void WriteWithToken(IWsSecurityCredentials credentials)
        {
            var document = new XmlDocument { PreserveWhitespace = true };
            document.Load(buffer);
            XmlElement envelope = document.DocumentElement;
            string soap = envelope.NamespaceURI;
            XmlElement header = null;
            foreach (XmlNode node in envelope.ChildNodes)
                if (node is XmlElement && node.LocalName == "Header" && node.NamespaceURI == soap) header = (XmlElement)node;
            if (header == null)
            {
                header = document.CreateElement(envelope.Prefix, "Header", soap);
                envelope.PrependChild(header);
            }
            XmlElement security = document.CreateElement("wsse", "Security", Wsse);
            XmlAttribute mustUnderstand = document.CreateAttribute(envelope.Prefix, "mustUnderstand", soap);
            mustUnderstand.Value = "1";
            security.Attributes.Append(mustUnderstand);
            XmlElement token = Add(security, "wsse", "UsernameToken", Wsse, null);
            Add(token, "wsse", "Username", Wsse, credentials.WsUsername);
            if (credentials.WsDigest)
            {
                var nonce = new byte[16];
                Random.GetBytes(nonce);
                string created = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
                byte[] createdBytes = Encoding.UTF8.GetBytes(created);
                byte[] passwordBytes = Encoding.UTF8.GetBytes(credentials.WsPassword);
                var input = new byte[nonce.Length + createdBytes.Length + passwordBytes.Length];
                nonce.CopyTo(input, 0);
                createdBytes.CopyTo(input, nonce.Length);
                passwordBytes.CopyTo(input, nonce.Length + createdBytes.Length);
                string digest;
                using (var sha1 = SHA1.Create()) digest = Convert.ToBase64String(sha1.ComputeHash(input));
                Add(token, "wsse", "Password", Wsse, digest).SetAttribute("Type", TokenProfile + "#PasswordDigest");
                Add(token, "wsse", "Nonce", Wsse, Convert.ToBase64String(nonce));
                Add(token, "wsu", "Created", Wsu, created);
            }
            else
            {
                Add(token, "wsse", "Password", Wsse, credentials.WsPassword).SetAttribute("Type", TokenProfile + "#PasswordText");
            }
            header.AppendChild(security);
            var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false) };
            using (XmlWriter writer = XmlWriter.Create(wire, settings)) document.Save(writer);
        }

        private static XmlElement Add(XmlElement parent, string prefix, string name, string ns, string text)
        {
            XmlElement element = parent.OwnerDocument.CreateElement(prefix, name, ns);
            if (text != null) element.InnerText = text;
            parent.AppendChild(element);
            return element;
        }
    }
}
