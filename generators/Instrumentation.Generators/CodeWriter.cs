using System.Text;

namespace Instrumentation.Generators
{
    /// <summary>Writes indented lines with braces, four spaces a level, '\n' line ends.</summary>
    internal sealed class CodeWriter
    {
        private readonly StringBuilder _text = new();
        private int _depth;

        public void Line(string line = "")
        {
            if (line.Length > 0)
            {
                _text.Append(' ', _depth * 4).Append(line);
            }

            _text.Append('\n');
        }

        public void Open(string line)
        {
            Line(line);
            Line("{");
            _depth++;
        }

        public void Close()
        {
            _depth--;
            Line("}");
        }

        public override string ToString() => _text.ToString();
    }
}
