from zhibiao.cli import main

main()
